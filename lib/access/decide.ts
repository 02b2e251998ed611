/**
 * The access decision: may this patron reach this resource, and if not, why.
 *
 * A pure function of (patron facts, resource, now, time zone): no I/O and no
 * clock reads, so every rule can be tested with table and property tests.
 *
 * Rules (RERO+'s /api/patrons/info gives one patron record per library the
 * person is a member of, each with its own type and expiry):
 * - one single patron record must satisfy institution, patron type and
 *   membership together; fields are never mixed across records;
 * - patron-level rules (minimum age) must hold as well;
 * - a membership expiring on D is valid through the end of D + graceDays in
 *   the library's time zone;
 * - a rule that needs a field the facts lack (scope not granted, or a value
 *   that is not a date) denies: fail closed, never a pass.
 */
import type { PatronFacts, PatronRecord } from '../patron';
import type { Resource } from './criteria';
import { addDays, ageOn, compareDates, isCalendarDate, localDate } from './dates';

export type Reason =
  /** The signed-in user has no patron record at all. */
  | { code: 'not-a-patron' }
  /** The resource is switched off for everyone. */
  | { code: 'disabled' }
  /** None of the patron's institutions (listed here, sorted) is licensed. */
  | { code: 'institution'; institutions: string[] }
  | { code: 'patron-type'; institution: string; patronType: string }
  /** `expiredOn` is the record's expiration date, grace days not added. */
  | { code: 'membership-expired'; institution: string; expiredOn: string }
  | { code: 'age'; minAge: number; age: number }
  /** `institution` is set for record fields, absent for `birthDate`. */
  | { code: 'missing-data'; field: 'birthDate' | 'patronType' | 'expirationDate'; institution?: string };

export type ReasonCode = Reason['code'];

export type Decision = { allowed: true; record: PatronRecord } | { allowed: false; reasons: Reason[] };

/** Why one record fails the record rules; empty when it satisfies them all. */
function recordReasons(record: PatronRecord, resource: Resource, today: string): Reason[] {
  const { patronTypes, requireValidMembership, graceDays } = resource.criteria;
  const institution = record.code;
  const reasons: Reason[] = [];

  if (patronTypes.length > 0) {
    if (!record.patronType) {
      reasons.push({ code: 'missing-data', field: 'patronType', institution });
    } else if (!patronTypes.includes(record.patronType)) {
      reasons.push({ code: 'patron-type', institution, patronType: record.patronType });
    }
  }

  if (requireValidMembership) {
    if (!isCalendarDate(record.expirationDate)) {
      reasons.push({ code: 'missing-data', field: 'expirationDate', institution });
    } else if (compareDates(addDays(today, -graceDays), record.expirationDate) > 0) {
      // Valid through the end of D + graceDays, i.e. while today - graceDays <= D
      // (moving today back keeps a far-future D such as 9999-12-31 in range).
      reasons.push({ code: 'membership-expired', institution, expiredOn: record.expirationDate });
    }
  }

  return reasons;
}

/** Why the patron as a person fails; empty when the patron-level rules hold. */
function patronReasons(facts: PatronFacts, resource: Resource, today: string): Reason[] {
  const { minAge } = resource.criteria;
  if (minAge === undefined) return [];
  if (!isCalendarDate(facts.birthDate)) return [{ code: 'missing-data', field: 'birthDate' }];
  const age = ageOn(facts.birthDate, today);
  return age < minAge ? [{ code: 'age', minAge, age }] : [];
}

function compareText(a: string, b: string): number {
  // Code-unit order, not localeCompare: the same on every machine.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order in which qualifying memberships are preferred: first by the
 * position of their institution in the resource's `institutions` (the
 * library's own order of preference), then by code. It decides which
 * membership's facts and `patron_pid` an e-resource receives (lib/release/),
 * so it must give the same one every time, whatever order RERO+ sent.
 */
function compareRecords(institutions: readonly string[]) {
  const rank = (record: PatronRecord) => {
    const index = institutions.indexOf(record.code);
    return index === -1 ? institutions.length : index;
  };
  return (a: PatronRecord, b: PatronRecord): number => rank(a) - rank(b) || compareRecordFields(a, b);
}

function compareRecordFields(a: PatronRecord, b: PatronRecord): number {
  return (
    compareText(a.code, b.code) ||
    compareText(a.patronType ?? '', b.patronType ?? '') ||
    compareText(a.expirationDate ?? '', b.expirationDate ?? '') ||
    compareText(a.patronPid ?? '', b.patronPid ?? '')
  );
}

/**
 * Where a reason sorts: patron-level first, then the institution fallback,
 * then record reasons by institution, patron type before membership.
 */
function reasonOrder(reason: Reason): [number, string, number] {
  switch (reason.code) {
    case 'disabled':
      return [0, '', 0];
    case 'not-a-patron':
      return [1, '', 0];
    case 'age':
      return [2, '', 0];
    case 'institution':
      return [3, '', 0];
    case 'patron-type':
      return [4, reason.institution, 0];
    case 'membership-expired':
      return [4, reason.institution, 1];
    case 'missing-data':
      if (reason.field === 'birthDate') return [2, '', 0];
      return [4, reason.institution ?? '', reason.field === 'patronType' ? 0 : 1];
  }
}

/** Deduplicated and in an order that does not depend on the order of the records. */
function tidy(reasons: Reason[]): Reason[] {
  const unique = new Map(reasons.map((reason) => [JSON.stringify(reason), reason]));
  return [...unique.entries()]
    .sort(([keyA, a], [keyB, b]) => {
      const [groupA, institutionA, slotA] = reasonOrder(a);
      const [groupB, institutionB, slotB] = reasonOrder(b);
      return groupA - groupB || compareText(institutionA, institutionB) || slotA - slotB || compareText(keyA, keyB);
    })
    .map(([, reason]) => reason);
}

/**
 * Decides whether `facts` may reach `resource` at the instant `now`, judging
 * dates on the calendar of `timeZone` (the library's, e.g. "Europe/Zurich").
 *
 * When allowed, `record` is the qualifying membership: of the satisfying
 * records, the first in the order of the resource's `institutions`, then by
 * code (then patron type, expiration date, patron_pid). When denied, `reasons` explain
 * each record that is in a licensed institution, or, when none is, give one
 * `institution` reason; patron-level reasons come first.
 *
 * Throws RangeError for an unknown time zone or an invalid `now`.
 */
export function decide(facts: PatronFacts, resource: Resource, now: Date, timeZone: string): Decision {
  if (!resource.enabled) return { allowed: false, reasons: [{ code: 'disabled' }] };
  if (facts.records.length === 0) return { allowed: false, reasons: [{ code: 'not-a-patron' }] };

  const today = localDate(now, timeZone);
  const { institutions } = resource.criteria;
  const patron = patronReasons(facts, resource, today);

  const licensed = facts.records.filter(
    (record) => institutions.length === 0 || institutions.includes(record.code),
  );
  if (licensed.length === 0) {
    const codes = [...new Set(facts.records.map((record) => record.code))].sort(compareText);
    return { allowed: false, reasons: tidy([...patron, { code: 'institution', institutions: codes }]) };
  }

  const judged = licensed.map((record) => ({ record, reasons: recordReasons(record, resource, today) }));
  const [best] = judged
    .filter((entry) => entry.reasons.length === 0)
    .map((entry) => entry.record)
    .sort(compareRecords(institutions));

  if (best) {
    // A record qualifies: only patron-level reasons can still deny, and the
    // records that failed are not worth mentioning.
    return patron.length === 0 ? { allowed: true, record: best } : { allowed: false, reasons: tidy(patron) };
  }
  return { allowed: false, reasons: tidy([...patron, ...judged.flatMap((entry) => entry.reasons)]) };
}
