/**
 * A store for the admin tests: a fresh SQLite file with a small criteria
 * document and staff of each kind, and a snapshot of everything a refusal
 * must leave untouched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCriteriaDocument } from '../access';
import { criteriaVersion, getDocument, openStore, replaceDocument, type Store } from '../store';
import { putStaff } from '../store/staff';
import type { AdminContext } from './actions';
import type { ResourceForm } from './resource-form';

export const ADMIN = { userId: '1001' };
export const LIBRARIAN_VS = { userId: '1002' };
export const PATRON = { userId: '1003' };
export const LIBRARIAN_RBNJ = { userId: '1005' };
export const LIBRARIAN_VS_RBNJ = { userId: '1006' };

export const DOCUMENT = {
  resources: [
    { slug: 'cairn', name: 'Cairn.info', url: 'https://www.cairn.info/', criteria: { institutions: ['vs', 'rbnj'], patronTypes: ['vs-pm', 'rbnj-adult'], minAge: 18 } },
    { slug: 'junior', name: 'Junior e-library', url: 'https://junior.example/', criteria: { institutions: ['vs'] } },
    { slug: 'neuchatel-press', name: 'Neuchâtel press', url: 'https://press.example/', criteria: { institutions: ['rbnj'] } },
    { slug: 'open', name: 'Open to all', url: 'https://open.example/' },
  ],
};

export const NOW = new Date('2026-06-15T10:00:00Z');

export interface Fixture {
  store: Store;
  ctx: AdminContext;
  invalidations: number;
  snapshot(): Promise<{ document: unknown; version: number; audit: unknown[]; staff: unknown[] }>;
  close(): Promise<void>;
}

export async function fixture(): Promise<Fixture> {
  const folder = mkdtempSync(join(tmpdir(), 'gw-admin-'));
  const store = await openStore(`file:${join(folder, 'gateway.db')}`);
  const parsed = parseCriteriaDocument(DOCUMENT);
  if (!parsed.ok) throw new Error('fixture document invalid');
  await replaceDocument(store.db, parsed.document);
  await putStaff(store.db, { ...ADMIN, role: 'admin', institutions: [] }, NOW);
  await putStaff(store.db, { ...LIBRARIAN_VS, role: 'librarian', institutions: ['vs'] }, NOW);
  await putStaff(store.db, { ...LIBRARIAN_RBNJ, role: 'librarian', institutions: ['rbnj'] }, NOW);
  await putStaff(store.db, { ...LIBRARIAN_VS_RBNJ, role: 'librarian', institutions: ['vs', 'rbnj'] }, NOW);
  const result: Fixture = {
    store,
    invalidations: 0,
    ctx: {
      store,
      now: NOW,
      timeZone: 'Europe/Zurich',
      criteriaChanged: () => {
        result.invalidations++;
      },
    },
    async snapshot() {
      return {
        document: await getDocument(store.db),
        version: await criteriaVersion(store.db),
        audit: await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute(),
        staff: await store.db.selectFrom('staff').selectAll().orderBy('user_id').execute(),
      };
    },
    async close() {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return result;
}

/** A form as the editor would post it for `resource` (defaults for what is not given). */
export function form(values: Partial<ResourceForm> = {}): ResourceForm {
  return {
    slug: 'new-one',
    name: 'New one',
    url: 'https://new.example/',
    enabled: true,
    institutions: 'vs',
    patronTypes: '',
    requireValidMembership: true,
    graceDays: '0',
    minAge: '',
    deniedMessage: '',
    deniedMessageIn: {},
    description: '',
    descriptionIn: {},
    ...values,
  };
}

/**
 * `store`, with someone else saving the criteria whenever a transaction is
 * about to run: each replaceDocument meets a real version conflict
 * (CriteriaVersionConflict).
 */
export function racing(store: Store): Store {
  const real = store.db;
  const db = new Proxy(real, {
    get(target, property) {
      if (property === 'transaction') {
        return () => {
          const builder = target.transaction();
          return {
            execute: async <T>(work: Parameters<typeof builder.execute<T>>[0]): Promise<T> => {
              await replaceDocument(real, await getDocument(real));
              return builder.execute(work);
            },
          };
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { engine: store.engine, db, ping: () => store.ping(), close: () => store.close() };
}
