'use server';
/**
 * The admin area's server actions: each reads the form and the session, calls
 * one function of lib/admin/actions.ts (which authorizes, checks the scope and
 * writes), and turns its result into a redirect or a state for the form.
 * Next.js checks Origin against Host for these (Next.js documentation, Server Actions security); the role and scope
 * are checked in lib/admin on every call.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import * as core from '@/lib/admin/actions';
import { readResourceForm } from '@/lib/admin/resource-form';
import { safeReturnTo } from '@/lib/session';
import { textIn } from '@/lib/access';
import { runtime, storeServices } from '@/lib/runtime';
import { admin, failureMessage, fieldErrors, importView, patronView, releasedView, trialView, verdict } from './_lib/present';
import { adminContext, answerRefusal, requestIdentity } from './_lib/guard';
import type { EditorState, ImportState, StaffState, TryState } from './_lib/types';
import { getDirectory } from '@/lib/store';

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : '');

/** Refusals that leave the page (sign-in, 403, 404) are answered here; the rest return. */
async function leaveOn(result: core.Failure): Promise<void> {
  if (result.code === 'signed-out' || result.code === 'not-staff' || result.code === 'admin-only') await answerRefusal(result);
}

/**
 * A path of the admin area to come back to, from the form. Dot-segments are
 * resolved first (RFC 3986 §5.2.4, as safeReturnTo does) and the result is
 * checked: "/admin/..//evil.example/x" resolves to "//evil.example/x", a
 * network-path reference to another host (RFC 3986 §4.2).
 */
function backTo(data: FormData, fallback: string): string {
  const path = safeReturnTo(text(data.get('back')));
  return /^\/admin(?:[/?#]|$)/.test(path) ? path : fallback;
}

function withParam(path: string, name: string, value: string): string {
  const url = new URL(path, 'http://admin.invalid');
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}

/** The resource editor: "Save" or "Try these criteria" (the `intent` of the button pressed). */
export async function editorAction(_previous: EditorState, data: FormData): Promise<EditorState> {
  const identity = await requestIdentity();
  const ctx = await adminContext();
  const words = await admin();
  const form = readResourceForm(data);
  const slug = text(data.get('original')) || undefined;
  const intent = text(data.get('intent'));

  if (intent === 'try') {
    const patronText = text(data.get('patron'));
    const day = text(data.get('day'));
    const result = await core.tryDraft(identity, { form, ...(slug ? { slug } : {}), ...(patronText ? { patronText } : {}), ...(day ? { day } : {}) }, ctx);
    if (!result.ok) {
      await leaveOn(result);
      return { status: result.code === 'invalid' ? 'invalid' : 'out-of-scope', message: failureMessage(words, result), errors: fieldErrors(words, result.errors), form };
    }
    return { status: 'tried', trial: trialView(words, result, await getDirectory((await storeServices()).store.db)), form };
  }

  const result = slug
    ? await core.updateResource(identity, { slug, fingerprint: text(data.get('fingerprint')), form }, ctx)
    : await core.createResource(identity, form, ctx);
  if (!result.ok) {
    await leaveOn(result);
    const status = result.code === 'conflict' ? 'conflict' : result.code === 'out-of-scope' ? 'out-of-scope' : result.code === 'not-found' ? 'not-found' : 'invalid';
    return { status, message: failureMessage(words, result), errors: fieldErrors(words, result.errors), form };
  }
  redirect(withParam('/admin', slug ? 'saved' : 'created', result.slug));
}

export async function setEnabledAction(data: FormData): Promise<void> {
  const identity = await requestIdentity();
  const slug = text(data.get('slug'));
  const enabled = text(data.get('enabled')) === 'true';
  const back = backTo(data, '/admin');
  const result = await core.setResourceEnabled(identity, { slug, fingerprint: text(data.get('fingerprint')), enabled }, await adminContext());
  if (!result.ok) {
    await leaveOn(result);
    redirect(withParam(back, 'problem', result.code));
  }
  redirect(withParam(back, enabled ? 'enabled' : 'disabled', slug));
}

export async function deleteAction(data: FormData): Promise<void> {
  const identity = await requestIdentity();
  const slug = text(data.get('slug'));
  const result = await core.deleteResource(identity, { slug, fingerprint: text(data.get('fingerprint')) }, await adminContext());
  if (!result.ok) {
    await leaveOn(result);
    redirect(withParam(`/admin/resources/${encodeURIComponent(slug)}/delete`, 'problem', result.code));
  }
  redirect(withParam('/admin', 'deleted', slug));
}

export async function tryPatronAction(_previous: TryState, data: FormData): Promise<TryState> {
  const identity = await requestIdentity();
  const words = await admin();
  const patronText = text(data.get('patron'));
  const day = text(data.get('day'));
  const result = await core.tryPatron(identity, { text: patronText, ...(day ? { day } : {}) }, await adminContext());
  if (!result.ok) {
    await leaveOn(result);
    return { status: 'invalid', errors: fieldErrors(words, result.errors), text: patronText, dayInput: day };
  }
  const directory = await getDirectory((await storeServices()).store.db);
  return {
    status: 'done',
    patron: patronView(words, result.facts),
    day: words.day(result.day),
    verdicts: result.verdicts.map((v) => ({
      slug: v.slug,
      name: v.name,
      enabled: v.enabled,
      verdict: verdict(words, v.decision, directory),
      ...(v.deniedMessage ? { deniedMessage: textIn(v.deniedMessage, words.locale) } : {}),
      ...(v.released ? { released: releasedView(words, v.released) } : {}),
    })),
    text: patronText,
    dayInput: day,
  };
}

/**
 * The transfer page's import, in two steps: "Show the changes" (`intent`
 * preview, the default) computes the difference and writes nothing; "Import
 * these changes" (`intent` confirm) sends back the document and the version
 * it was previewed against, and imports only if the store is still there.
 */
export async function importAction(_previous: ImportState, data: FormData): Promise<ImportState> {
  const identity = await requestIdentity();
  const words = await admin();
  const ctx = { ...(await adminContext()), ...secretsKey() };
  if (text(data.get('intent')) === 'confirm') {
    const content = text(data.get('document'));
    const version = text(data.get('version'));
    if (!content.trim() || !version) return { status: 'invalid', message: words.t('transfer.previewFirst') };
    const result = await core.importDocument(identity, { text: content, expectedVersion: version }, ctx);
    if (!result.ok) {
      await leaveOn(result);
      if (result.code === 'conflict' && result.plan) {
        return { status: 'conflict', message: words.t('transfer.changedSince'), preview: importView(words, result.plan), document: content, version: result.plan.version };
      }
      return refusedImport(words, result, content);
    }
    revalidatePath('/admin', 'layout');
    return { status: 'done', message: result.written ? words.t('transfer.imported', { count: result.count }) : words.t('transfer.unchanged'), preview: importView(words, result.plan) };
  }
  const file = data.get('file');
  const pasted = text(data.get('document'));
  const content = file instanceof File && file.size > 0 ? await file.text() : pasted;
  if (!content.trim()) return { status: 'invalid', message: words.t('transfer.nothing') };
  const result = await core.previewDocument(identity, { text: content }, ctx);
  if (!result.ok) {
    await leaveOn(result);
    return refusedImport(words, result, content);
  }
  return { status: 'preview', preview: importView(words, result.plan), document: content, version: result.plan.version };
}

function refusedImport(words: Awaited<ReturnType<typeof admin>>, result: core.Failure, content: string): ImportState {
  const status = result.code === 'conflict' ? 'conflict' : result.code === 'out-of-scope' ? 'refused' : 'invalid';
  return { status, message: failureMessage(words, result), problems: result.problems ?? [], document: content };
}

/** SECRETS_KEY, for the connections of an admin's document. */
function secretsKey(): { secretsKey?: string } {
  const key = runtime().config.SECRETS_KEY;
  return key ? { secretsKey: key } : {};
}

export async function addStaffAction(_previous: StaffState, data: FormData): Promise<StaffState> {
  const identity = await requestIdentity();
  const words = await admin();
  const values = { userId: text(data.get('userId')), role: text(data.get('role')), institutions: text(data.get('institutions')) };
  const result = await core.addStaffMember(identity, values, await adminContext());
  if (!result.ok) {
    await leaveOn(result);
    return { status: 'invalid', message: failureMessage(words, result), errors: fieldErrors(words, result.errors), values };
  }
  revalidatePath('/admin/staff');
  return {
    status: 'done',
    message: words.t(!result.changed ? 'staff.unchanged' : result.updated ? 'staff.updated' : 'staff.added', { userId: result.userId }),
    values: { userId: '', role: values.role, institutions: '' },
  };
}

export async function removeStaffAction(data: FormData): Promise<void> {
  const identity = await requestIdentity();
  const userId = text(data.get('userId'));
  const result = await core.removeStaffMember(identity, { userId }, await adminContext());
  if (!result.ok) {
    await leaveOn(result);
    redirect(withParam('/admin/staff', 'problem', result.code));
  }
  redirect(withParam('/admin/staff', 'removed', userId));
}
