/**
 * Usage from the decision log: allowed and denied-by-reason per resource per
 * day over a range of days, shaped for the chart, its table and the CSV.
 */
import { addDays, compareDates, isCalendarDate } from '../access';
import type { DecisionCountRow } from '../store';

/** Outcomes in the order the chart stacks them: allowed first, then each reason code. */
export const OUTCOMES = ['allowed', 'institution', 'patron-type', 'membership-expired', 'age', 'missing-data', 'not-a-patron', 'disabled'] as const;

/** The longest range shown at once. */
export const MAX_DAYS = 366;

export type RangeResult = { ok: true; from: string; to: string; days: string[] } | { ok: false; field: 'from' | 'to'; key: 'dateInvalid' | 'rangeOrder' | 'rangeTooLong' };

/** The range asked for, or the last 30 days up to `today` when none is given. */
export function readRange(from: string | undefined, to: string | undefined, today: string): RangeResult {
  const end = to?.trim() || today;
  const start = from?.trim() || addDays(end, -29);
  if (!isCalendarDate(start)) return { ok: false, field: 'from', key: 'dateInvalid' };
  if (!isCalendarDate(end)) return { ok: false, field: 'to', key: 'dateInvalid' };
  if (compareDates(start, end) > 0) return { ok: false, field: 'from', key: 'rangeOrder' };
  const days: string[] = [];
  for (let day = start; compareDates(day, end) <= 0; day = addDays(day, 1)) {
    days.push(day);
    if (days.length > MAX_DAYS) return { ok: false, field: 'from', key: 'rangeTooLong' };
  }
  return { ok: true, from: start, to: end, days };
}

export interface ResourceUsage {
  slug: string;
  /** Outcomes that occur for this resource, in OUTCOMES order (unknown ones last). */
  outcomes: string[];
  /** day → outcome → count, for every day of the range. */
  byDay: Map<string, Map<string, number>>;
  totals: Map<string, number>;
  total: number;
}

/** Rows → one ResourceUsage per resource that has any, in `order` (slugs first listed there, then the rest by slug). */
export function usageByResource(rows: readonly DecisionCountRow[], days: readonly string[], order: readonly string[]): ResourceUsage[] {
  const bySlug = new Map<string, ResourceUsage>();
  for (const row of rows) {
    if (row.count === 0) continue;
    let usage = bySlug.get(row.resource);
    if (!usage) {
      usage = { slug: row.resource, outcomes: [], byDay: new Map(days.map((day) => [day, new Map()])), totals: new Map(), total: 0 };
      bySlug.set(row.resource, usage);
    }
    const day = usage.byDay.get(row.day);
    if (!day) continue; // outside the range
    day.set(row.outcome, (day.get(row.outcome) ?? 0) + row.count);
    usage.totals.set(row.outcome, (usage.totals.get(row.outcome) ?? 0) + row.count);
    usage.total += row.count;
  }
  const rank = (outcome: string) => {
    const index = (OUTCOMES as readonly string[]).indexOf(outcome);
    return index === -1 ? OUTCOMES.length : index;
  };
  for (const usage of bySlug.values()) {
    usage.outcomes = [...usage.totals.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  }
  const position = (slug: string) => {
    const index = order.indexOf(slug);
    return index === -1 ? order.length : index;
  };
  return [...bySlug.values()].filter((u) => u.total > 0).sort((a, b) => position(a.slug) - position(b.slug) || (a.slug < b.slug ? -1 : 1));
}

/** RFC 4180 field; a leading = + - @ (or tab/CR) is prefixed with ' so a spreadsheet does not run it as a formula (OWASP CSV injection). */
function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** day,resource,outcome,count — one line per stored count, CRLF line ends (RFC 4180). */
export function usageCsv(rows: readonly DecisionCountRow[]): string {
  const lines = [['day', 'resource', 'outcome', 'count'].join(',')];
  for (const row of rows) lines.push([row.day, row.resource, row.outcome, row.count].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
