'use server';
/**
 * The directory's server actions: each reads the form and the session, calls
 * one function of lib/admin/directory.ts (which authorizes, checks the scope
 * and writes), and answers with a redirect or the form's new state.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import * as core from '@/lib/admin/actions';
import * as directory from '@/lib/admin/directory';
import { admin, failureMessage, fieldErrors } from '../_lib/present';
import { adminContext, answerRefusal, requestIdentity } from '../_lib/guard';
import type { DirectoryFormState } from '../_lib/types';

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : '');

async function leaveOn(result: core.Failure): Promise<void> {
  if (result.code === 'signed-out' || result.code === 'not-staff' || result.code === 'not-found') await answerRefusal(result);
}

function stateOf(words: Awaited<ReturnType<typeof admin>>, result: core.Failure, values: DirectoryFormState['values']): DirectoryFormState {
  const status = result.code === 'conflict' ? 'conflict' : result.code === 'invalid' ? 'invalid' : 'refused';
  return { status, message: failureMessage(words, result), errors: fieldErrors(words, result.errors), ...(values ? { values } : {}) };
}

/** Adds (no `original`) or changes an institution; back to the directory, at the entry. */
export async function saveInstitutionAction(_previous: DirectoryFormState, data: FormData): Promise<DirectoryFormState> {
  const identity = await requestIdentity();
  const words = await admin();
  const form = directory.readInstitutionForm(data);
  const original = text(data.get('original')) || undefined;
  const result = await directory.saveInstitution(identity, { ...(original ? { original, fingerprint: text(data.get('fingerprint')) } : {}), form }, await adminContext());
  if (!result.ok) {
    await leaveOn(result);
    return stateOf(words, result, { code: form.code, names: form.names, renewUrl: form.renewUrl, ...(form.contact === undefined ? {} : { contact: form.contact }) });
  }
  revalidatePath('/admin', 'layout');
  redirect(`/admin/directory?saved=${encodeURIComponent(result.code)}#institution-${encodeURIComponent(result.code)}`);
}

export async function savePatronTypeAction(_previous: DirectoryFormState, data: FormData): Promise<DirectoryFormState> {
  const identity = await requestIdentity();
  const words = await admin();
  const form = directory.readPatronTypeForm(data);
  const original = text(data.get('original')) || undefined;
  const result = await directory.savePatronType(identity, { ...(original ? { original, fingerprint: text(data.get('fingerprint')) } : {}), form }, await adminContext());
  if (!result.ok) {
    await leaveOn(result);
    return stateOf(words, result, { code: form.code, institution: form.institution, names: form.names });
  }
  revalidatePath('/admin', 'layout');
  redirect(`/admin/directory?saved=${encodeURIComponent(result.code)}#patron-type-${encodeURIComponent(result.code)}`);
}

/** Deletes an institution (with its patron types) or a patron type, once the box is ticked. */
export async function deleteEntryAction(_previous: DirectoryFormState, data: FormData): Promise<DirectoryFormState> {
  const identity = await requestIdentity();
  const words = await admin();
  const kind = text(data.get('kind'));
  const code = text(data.get('code'));
  if (text(data.get('confirm')) !== 'on') return { status: 'invalid', errors: { confirm: words.t('errors.confirmDelete') } };
  const input = { code, fingerprint: text(data.get('fingerprint')) };
  const ctx = await adminContext();
  const result = kind === 'institution' ? await directory.deleteInstitution(identity, input, ctx) : await directory.deletePatronType(identity, input, ctx);
  if (!result.ok) {
    await leaveOn(result);
    if (result.code === 'admin-only') await answerRefusal(result);
    return stateOf(words, result, undefined);
  }
  revalidatePath('/admin', 'layout');
  redirect(`/admin/directory?deleted=${encodeURIComponent(result.code)}`);
}

/** Starts the directory from the codes in use (admins, while there is none). */
export async function startDirectoryAction(): Promise<void> {
  const identity = await requestIdentity();
  const result = await directory.startDirectory(identity, await adminContext());
  if (!result.ok) {
    await leaveOn(result);
    if (result.code === 'admin-only') await answerRefusal(result);
    redirect(`/admin/directory?problem=${result.code === 'invalid' ? 'nothing' : 'other'}`);
  }
  revalidatePath('/admin', 'layout');
  redirect(`/admin/directory?started=${result.institutions}.${result.patronTypes}`);
}
