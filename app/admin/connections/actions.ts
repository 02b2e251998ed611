'use server';
/**
 * The connection pages' server actions: each reads the form and the session,
 * calls one function of lib/admin/connections.ts (which checks on the server
 * that the caller is an admin, then writes and audits), and turns its result
 * into a redirect or a state for the form. Secrets go in, never out.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import * as core from '@/lib/admin/connections';
import { answerRefusal, requestIdentity } from '../_lib/guard';
import { admin } from '../_lib/present';
import { connectionsContext, testView } from './present';
import type { ConnectionFormState, TestState } from './types';

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : '');

/** Refusals that leave the page (sign-in, 403) are answered here; the rest return. */
async function leaveOn(result: core.ConnectionFailure): Promise<void> {
  if (result.code === 'signed-out' || result.code === 'not-staff' || result.code === 'admin-only') await answerRefusal(result);
}

/** The posted fields, without Next's own ($ACTION_…). */
function fieldsOf(data: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of data.entries()) if (!name.startsWith('$') && typeof value === 'string') out[name] = value;
  return out;
}

/** Create (no `original`) or update a connection; on success, back to the list. */
export async function saveConnectionAction(previous: ConnectionFormState, data: FormData): Promise<ConnectionFormState> {
  const identity = await requestIdentity();
  const ctx = await connectionsContext();
  const words = await admin();
  const { original, ...form } = fieldsOf(data);
  const result = await core.saveConnection(identity, { ...(original ? { original } : {}), form }, ctx);
  if (!result.ok) {
    await leaveOn(result);
    const spec = core.connectionFormSpec(form.provider ?? '');
    const secretNames = new Set(spec?.fields.filter((field) => field.secret).map((field) => field.name) ?? []);
    // Never send a secret back to the browser: the form keeps only the other values.
    const values = Object.fromEntries(Object.entries(form).filter(([name]) => !secretNames.has(name)));
    const secretsCleared = Object.entries(form).some(([name, value]) => secretNames.has(name) && value.trim() !== '');
    const attempt = (previous.attempt ?? 0) + 1;
    if (result.code === 'not-found') return { status: 'invalid', message: words.t('connections.problems.not-found'), values, attempt };
    // No SECRETS_KEY: the page said so beforehand; the form keeps everything but the secrets.
    if (result.secretsKeyMissing) return { status: 'invalid', message: words.t('connections.secretsKey.refused'), values, secretsCleared, attempt };
    const errors: Record<string, string> = {};
    const problems: string[] = [];
    for (const problem of result.problems ?? []) {
      const field = core.problemField(problem.path);
      if (field && errors[field] === undefined) errors[field] = problem.message;
      else if (field) errors[field] = `${errors[field]} ${problem.message}`;
      else problems.push(problem.message);
    }
    return { status: 'invalid', message: words.t('connections.form.invalid'), errors, problems, values, secretsCleared, attempt };
  }
  revalidatePath('/admin/connections');
  redirect(`/admin/connections?${result.created ? 'created' : 'saved'}=${encodeURIComponent(result.id)}`);
}

export async function deleteConnectionAction(data: FormData): Promise<void> {
  const identity = await requestIdentity();
  const id = text(data.get('id'));
  const result = await core.deleteConnection(identity, { id }, await connectionsContext());
  if (!result.ok) {
    await leaveOn(result);
    redirect(`/admin/connections?problem=${result.code === 'not-found' ? 'not-found' : 'other'}`);
  }
  revalidatePath('/admin/connections');
  redirect(`/admin/connections?deleted=${encodeURIComponent(result.id)}`);
}

/** "Test connection": the result in words, on the page it was asked from. */
export async function testConnectionAction(_previous: TestState, data: FormData): Promise<TestState> {
  const identity = await requestIdentity();
  const ctx = await connectionsContext();
  const words = await admin();
  const id = text(data.get('id'));
  const result = await core.testConnection(identity, { id }, ctx);
  if (!result.ok) {
    await leaveOn(result);
    return { status: 'refused', message: words.t(result.code === 'not-found' ? 'connections.problems.not-found' : 'connections.test.refused') };
  }
  const connection = await ctx.connections.get(id);
  const activeSigel = connection?.entry.activeSigel;
  // The list shows the last test of each connection.
  revalidatePath('/admin/connections');
  return { status: 'done', result: testView(words, ctx.timeZone, result.result, typeof activeSigel === 'string' ? activeSigel : undefined) };
}
