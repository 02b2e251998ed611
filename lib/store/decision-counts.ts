/**
 * Decision counts: per day, resource and outcome, added in batches by the
 * decision log (lib/gate/decision-log.ts) and read by the usage page.
 */
import type { Kysely } from 'kysely';
import { isCalendarDate } from '../access/dates';
import { chunks, CHUNK } from './chunks';
import { StoreValidationError, type StoreProblem } from './errors';
import type { Database } from './tables';

export interface DecisionCountRow {
  /** YYYY-MM-DD */
  day: string;
  resource: string;
  /** 'allowed' or a reason code */
  outcome: string;
  count: number;
}

/** Adds the counts to those stored (upsert increment), in a transaction of its own. */
export async function addDecisionCounts(db: Kysely<Database>, rows: DecisionCountRow[]): Promise<void> {
  checkCountRows(rows);
  // One row per key: PostgreSQL refuses an INSERT … ON CONFLICT that touches a row twice.
  const merged = new Map<string, DecisionCountRow>();
  for (const row of rows) {
    if (row.count === 0) continue;
    const key = JSON.stringify([row.day, row.resource, row.outcome]);
    const seen = merged.get(key);
    merged.set(key, { day: row.day, resource: row.resource, outcome: row.outcome, count: (seen?.count ?? 0) + row.count });
  }
  if (merged.size === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks([...merged.values()], CHUNK)) {
      await trx
        .insertInto('decision_counts')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['day', 'resource', 'outcome']).doUpdateSet((eb) => ({
            count: eb('decision_counts.count', '+', eb.ref('excluded.count')),
          })),
        )
        .execute();
    }
  });
}

/** Days from `fromDay` to `toDay` inclusive, ordered by day, resource, outcome. */
export async function decisionCounts(db: Kysely<Database>, fromDay: string, toDay: string): Promise<DecisionCountRow[]> {
  const errors: StoreProblem[] = [];
  if (!isCalendarDate(fromDay)) errors.push({ path: 'fromDay', message: 'must be a calendar date YYYY-MM-DD' });
  if (!isCalendarDate(toDay)) errors.push({ path: 'toDay', message: 'must be a calendar date YYYY-MM-DD' });
  if (errors.length > 0) throw new StoreValidationError('The range of days is invalid.', errors);
  const rows = await db
    .selectFrom('decision_counts')
    .select(['day', 'resource', 'outcome', 'count'])
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .execute();
  return rows
    .map((row) => ({ day: row.day, resource: row.resource, outcome: row.outcome, count: row.count }))
    .sort((a, b) => compareText(a.day, b.day) || compareText(a.resource, b.resource) || compareText(a.outcome, b.outcome));
}

function checkCountRows(rows: DecisionCountRow[]): void {
  const errors: StoreProblem[] = [];
  rows.forEach((row, index) => {
    if (!isCalendarDate(row.day)) errors.push({ path: `$[${index}].day`, message: 'must be a calendar date YYYY-MM-DD' });
    for (const key of ['resource', 'outcome'] as const) {
      const value: unknown = row[key];
      // PostgreSQL text cannot hold NUL.
      if (typeof value !== 'string' || value === '' || value.includes('\0')) {
        errors.push({ path: `$[${index}].${key}`, message: 'must be non-empty text' });
      }
    }
    if (!Number.isSafeInteger(row.count) || row.count < 0) {
      errors.push({ path: `$[${index}].count`, message: 'must be a whole number, 0 or more' });
    }
  });
  if (errors.length > 0) throw new StoreValidationError('The decision counts are invalid; nothing was added.', errors);
}

/** Code-unit order, the same on both engines (PostgreSQL text would sort by the database's locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
