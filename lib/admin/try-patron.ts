/**
 * "Try a patron": what the gateway would answer a patron, for every resource
 * or for draft criteria before they are saved, and which headers a resource
 * would receive. Pure: the same `decide` and release plan as /go and
 * /api/verify, on facts read from a pasted RERO+ /api/patrons/info
 * answer or on sample patrons built around the criteria being edited.
 */
import { addDays, decide, type Decision, type Resource } from '../access';
import type { PatronFacts } from '../patron';
import { toPatronFacts } from '../providers/rero-plus';
import { releasePlan, type PlannedHeader } from '../release/headers';

export type PatronReading = { ok: true; facts: PatronFacts } | { ok: false; key: 'notJson' | 'notPatronInfo'; detail: string };

/** A pasted /api/patrons/info body → PatronFacts, through the very mapping sign-in uses. */
export function readPatronInfo(text: string): PatronReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, key: 'notJson', detail: (error as Error).message };
  }
  try {
    return { ok: true, facts: toPatronFacts(json) };
  } catch (error) {
    return { ok: false, key: 'notPatronInfo', detail: (error as Error).message.replace(/^RERO\+ patron info did not match the documented shape: /, '') };
  }
}

/** Noon UTC of `day`: the same calendar day in every library time zone from UTC−11 to UTC+11. */
export function instantOf(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

export interface ResourceVerdict {
  slug: string;
  name: string;
  enabled: boolean;
  decision: Decision;
  deniedMessage?: string;
  /**
   * For an allowed patron: the headers the resource would receive. A
   * pseudonym is named, never computed: staff must not be able to work out
   * the pseudonym of a user id they paste.
   */
  released?: PlannedHeader[];
}

/** Every resource's answer for `facts` at `now`. */
export function judgeAll(facts: PatronFacts, resources: readonly Resource[], now: Date, timeZone: string): ResourceVerdict[] {
  return resources.map((resource) => {
    const decision = decide(facts, resource, now, timeZone);
    return {
      slug: resource.slug,
      name: resource.name,
      enabled: resource.enabled,
      decision,
      ...(resource.deniedMessage ? { deniedMessage: resource.deniedMessage } : {}),
      ...(decision.allowed ? { released: releasePlan(resource, facts.userId, decision.record) } : {}),
    };
  });
}

/** A sample patron: a label (key of `admin.samples` and values) and the facts. */
export interface SamplePatron {
  id: string;
  key: string;
  values: Record<string, string | number>;
  facts: PatronFacts;
}

function yearsBefore(day: string, years: number): string {
  const [y = '2000', m = '01', d = '01'] = day.split('-');
  const year = String(Number(y) - years).padStart(4, '0');
  // 29 February of a common year does not exist: the 28th.
  const date = `${year}-${m}-${d}`;
  return m === '02' && d === '29' && new Date(`${date}T00:00:00Z`).getUTCMonth() !== 1 ? `${year}-02-28` : date;
}

/**
 * Patrons around the edges of `criteria`: one who should qualify, and one for
 * each rule that could refuse (another patron type, a membership that ended,
 * within and past the grace days, just too young, birth date not shared,
 * another library only, no patron record). `otherInstitutions` are codes the
 * library knows (from the other resources), to pick a realistic "elsewhere".
 */
export function samplePatrons(criteria: Resource['criteria'], today: string, otherInstitutions: readonly string[]): SamplePatron[] {
  const institution = criteria.institutions[0] ?? otherInstitutions[0] ?? 'vs';
  const patronType = criteria.patronTypes[0] ?? `${institution}-adult`;
  const adultBirth = yearsBefore(today, Math.max(30, (criteria.minAge ?? 0) + 5));
  const validUntil = addDays(today, 365);
  const member = (id: string, overrides: { patronType?: string; expirationDate?: string; birthDate?: string | null; code?: string }) => {
    const birthDate = overrides.birthDate === undefined ? adultBirth : overrides.birthDate;
    const facts: PatronFacts = {
      userId: `sample-${id}`,
      ...(birthDate ? { birthDate } : {}),
      records: [{ code: overrides.code ?? institution, patronType: overrides.patronType ?? patronType, expirationDate: overrides.expirationDate ?? validUntil }],
    };
    return facts;
  };
  const samples: SamplePatron[] = [
    { id: 'typical', key: 'typical', values: { institution, patronType }, facts: member('typical', {}) },
  ];
  if (criteria.patronTypes.length > 0) {
    const other = `${institution}-other`;
    samples.push({ id: 'other-type', key: 'otherType', values: { institution, patronType: other }, facts: member('other-type', { patronType: other }) });
  }
  const expiredOn = addDays(today, -1);
  samples.push({ id: 'expired-yesterday', key: 'expiredYesterday', values: { institution, date: expiredOn }, facts: member('expired-yesterday', { expirationDate: expiredOn }) });
  if (criteria.graceDays > 0) {
    const within = addDays(today, -criteria.graceDays);
    const past = addDays(today, -criteria.graceDays - 1);
    samples.push({ id: 'within-grace', key: 'withinGrace', values: { institution, days: criteria.graceDays }, facts: member('within-grace', { expirationDate: within }) });
    samples.push({ id: 'past-grace', key: 'pastGrace', values: { institution, days: criteria.graceDays + 1 }, facts: member('past-grace', { expirationDate: past }) });
  } else {
    const longAgo = addDays(today, -400);
    samples.push({ id: 'expired-long-ago', key: 'expiredLongAgo', values: { institution, date: longAgo }, facts: member('expired-long-ago', { expirationDate: longAgo }) });
  }
  if (criteria.minAge !== undefined && criteria.minAge > 0) {
    const age = criteria.minAge - 1;
    samples.push({ id: 'too-young', key: 'tooYoung', values: { institution, age }, facts: member('too-young', { birthDate: addDays(yearsBefore(today, criteria.minAge), 1) }) });
    samples.push({ id: 'birthday-today', key: 'birthdayToday', values: { institution, age: criteria.minAge }, facts: member('birthday-today', { birthDate: yearsBefore(today, criteria.minAge) }) });
    samples.push({ id: 'no-birthdate', key: 'noBirthDate', values: { institution }, facts: member('no-birthdate', { birthDate: null }) });
  } else {
    samples.push({ id: 'child', key: 'child', values: { institution, age: 9 }, facts: member('child', { birthDate: yearsBefore(today, 9) }) });
  }
  const elsewhere = otherInstitutions.find((code) => !criteria.institutions.includes(code)) ?? (criteria.institutions.length > 0 ? 'other' : undefined);
  if (elsewhere) {
    samples.push({
      id: 'elsewhere',
      key: 'elsewhere',
      values: { institution: elsewhere },
      facts: member('elsewhere', { code: elsewhere, patronType: `${elsewhere}-adult` }),
    });
  }
  samples.push({ id: 'no-record', key: 'noRecord', values: {}, facts: { userId: 'sample-no-record', birthDate: adultBirth, records: [] } });
  return samples;
}

export type Change = 'same' | 'opened' | 'closed' | 'new';

export interface DraftRow {
  id: string;
  /** Key of `admin.samples` for a sample; absent for the pasted patron. */
  key?: string;
  values?: Record<string, string | number>;
  facts: PatronFacts;
  draft: Decision;
  /** The saved resource's answer, when one is being edited. */
  saved?: Decision;
  change: Change;
}

/**
 * The draft resource against each patron, beside the saved one: which
 * patrons the change would let in, and which it would shut out.
 */
export function compareDraft(
  draft: Resource,
  saved: Resource | undefined,
  patrons: readonly { id: string; key?: string; values?: Record<string, string | number>; facts: PatronFacts }[],
  now: Date,
  timeZone: string,
): DraftRow[] {
  return patrons.map((patron) => {
    const draftDecision = decide(patron.facts, draft, now, timeZone);
    const savedDecision = saved ? decide(patron.facts, saved, now, timeZone) : undefined;
    const change: Change = !savedDecision
      ? 'new'
      : savedDecision.allowed === draftDecision.allowed
        ? 'same'
        : draftDecision.allowed
          ? 'opened'
          : 'closed';
    return {
      id: patron.id,
      ...(patron.key ? { key: patron.key } : {}),
      ...(patron.values ? { values: patron.values } : {}),
      facts: patron.facts,
      draft: draftDecision,
      ...(savedDecision ? { saved: savedDecision } : {}),
      change,
    };
  });
}

/** Example /api/patrons/info answers to start from, as RERO+ sends them. */
export function examplePatronInfo(kind: 'adult' | 'expired' | 'minor' | 'no-record', today: string, institution = 'vs'): string {
  const nextYear = `${addDays(today, 365)}T00:00:00`;
  const body: Record<string, unknown> = (() => {
    switch (kind) {
      case 'adult':
        return { user_id: 123456, birthdate: yearsBefore(today, 40), patron_info: { [institution]: { patron_pid: '1', institution, patron_type: `${institution}-pm`, expiration_date: nextYear } } };
      case 'expired':
        return { user_id: 123457, birthdate: yearsBefore(today, 35), patron_info: { [institution]: { patron_pid: '2', institution, patron_type: `${institution}-pm`, expiration_date: `${addDays(today, -30)}T00:00:00` } } };
      case 'minor':
        return { user_id: 123458, birthdate: yearsBefore(today, 12), patron_info: { [institution]: { patron_pid: '3', institution, patron_type: `${institution}-junior`, expiration_date: nextYear } } };
      case 'no-record':
        return { user_id: 123459, birthdate: yearsBefore(today, 50) };
    }
  })();
  return JSON.stringify(body, null, 2);
}

