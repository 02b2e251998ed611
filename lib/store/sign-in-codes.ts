/**
 * Institution and patron type codes met at sign-in, with how often (table
 * `sign_in_codes`, migration 0011): what the admin area lists as codes the
 * directory does not name yet. Codes and counts only: no patron, no time.
 */
import type { Kysely } from 'kysely';
import type { Database } from './tables';

export type SignInCodeKind = 'institution' | 'patron-type';

export interface SignInCode {
  kind: SignInCodeKind;
  /** The institution a patron type was met with; '' for an institution. */
  institution: string;
  code: string;
}

export interface SignInCodeCount extends SignInCode {
  count: number;
}

/** Codes longer than this are not RERO+ codes: not counted (a database must not fill with junk). */
const MAX_CODE = 100;

function countable(code: string): boolean {
  return code !== '' && code.length <= MAX_CODE && !code.includes('\0');
}

/** The codes of one sign-in: each membership's institution, and its patron type with that institution. */
export function codesOfMemberships(records: readonly { code: string; patronType?: string | undefined }[]): SignInCode[] {
  const out = new Map<string, SignInCode>();
  for (const record of records) {
    if (countable(record.code)) out.set(JSON.stringify(['institution', record.code]), { kind: 'institution', institution: '', code: record.code });
    if (record.patronType && countable(record.patronType) && countable(record.code)) {
      out.set(JSON.stringify(['patron-type', record.code, record.patronType]), { kind: 'patron-type', institution: record.code, code: record.patronType });
    }
  }
  return [...out.values()];
}

/** Adds one to each code's count (twice for a code given twice), in one transaction. */
export async function countSignInCodes(db: Kysely<Database>, codes: readonly SignInCode[]): Promise<void> {
  // One row per key: PostgreSQL refuses an INSERT … ON CONFLICT that touches a row twice.
  const merged = new Map<string, SignInCodeCount>();
  for (const c of codes) {
    if (!countable(c.code) || (c.kind === 'institution' ? c.institution !== '' : !countable(c.institution))) continue;
    const key = JSON.stringify([c.kind, c.institution, c.code]);
    const seen = merged.get(key);
    merged.set(key, { kind: c.kind, institution: c.institution, code: c.code, count: (seen?.count ?? 0) + 1 });
  }
  if (merged.size === 0) return;
  await db
    .insertInto('sign_in_codes')
    .values([...merged.values()])
    .onConflict((oc) => oc.columns(['kind', 'institution', 'code']).doUpdateSet((eb) => ({ count: eb('sign_in_codes.count', '+', eb.ref('excluded.count')) })))
    .execute();
}

/** Every code met, most frequent first. */
export async function listSignInCodes(db: Kysely<Database>): Promise<SignInCodeCount[]> {
  const rows = await db.selectFrom('sign_in_codes').select(['kind', 'institution', 'code', 'count']).execute();
  return rows
    .map((row) => ({ kind: row.kind, institution: row.institution, code: row.code, count: Number(row.count) }))
    .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.institution < b.institution ? -1 : a.institution > b.institution ? 1 : 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
