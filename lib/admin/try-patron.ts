/**
 * "Try a patron": what the gateway would answer a patron, for every resource
 * or for draft criteria before they are saved, and which headers a resource
 * would receive. Pure: the same `decide` and release plan as /go and
 * /api/verify, on facts read from a pasted RERO+ /api/patrons/info
 * answer or on sample patrons built around the criteria being edited.
 */
import { addDays, decide, type Criteria, type Decision, type Resource } from '../access';
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
  deniedMessage?: Resource['deniedMessage'];
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

/** Whether a list of codes lets `code` through: an empty list means any. */
function admits(list: readonly string[], code: string): boolean {
  return list.length === 0 || list.includes(code);
}

/** The first code of `own` that `other` admits too, else the first of `own`, else the first `other` names. */
function preferred(own: readonly string[], other: readonly string[]): string | undefined {
  return own.find((code) => admits(other, code)) ?? own[0] ?? other[0];
}

/** `own` minus `other`, when `other` restricts at all (an empty `other` admits every code of `own`). */
function refusedBy(own: readonly string[], other: readonly string[]): string[] {
  return other.length === 0 ? [] : own.filter((code) => !other.includes(code));
}

/** `base`, or `base-2`, `base-3` … : the first that `taken` does not hold. */
function fresh(base: string, taken: (candidate: string) => boolean): string {
  let candidate = base;
  for (let n = 2; taken(candidate); n += 1) candidate = `${base}-${n}`;
  return candidate;
}

/**
 * Patrons around the edges of the draft criteria and, when a resource is
 * being edited, of its saved criteria too, so that a change shows who gains
 * access and who loses it: one who qualifies, one for each rule that could
 * refuse (another patron type, a membership that ended, within and past the
 * grace days, just too young, birth date not shared, another library only,
 * no patron record), and a member of each institution one side licenses and
 * the other does not.
 *
 * Why that is enough (try-patron.property.test.ts checks it): a patron is
 * let in when their age passes and one membership passes the institution,
 * patron type and validity rules, each rule reading one fact. If one side
 * lets a patron in and the other refuses them, a patron with only the
 * membership that qualifies under the first side differs the same way, and
 * so does the sample that keeps a qualifying value for every fact but the
 * one the other side refuses, taken at an edge. When no patron qualifies
 * under both sides (institutions or patron types with nothing in common, or
 * a side switched off), each side's own typical member shows the change.
 *
 * `otherInstitutions` are codes the library knows (from the other
 * resources), to pick a realistic "elsewhere". Samples with the same facts
 * appear once.
 */
export function samplePatrons(draft: Criteria, saved: Criteria | undefined, today: string, otherInstitutions: readonly string[]): SamplePatron[] {
  const sides = saved ? [draft, saved] : [draft];
  const named = (pick: (side: Criteria) => readonly string[]) => sides.flatMap(pick);
  const typeRules = named((side) => side.patronTypes).length > 0;
  // The draft's order of preference, among what the saved rules admit too.
  const institution = preferred(draft.institutions, saved?.institutions ?? []) ?? otherInstitutions[0] ?? 'vs';
  const patronType = preferred(draft.patronTypes, saved?.patronTypes ?? []) ?? `${institution}-adult`;
  const typeAt = (code: string, type: string) => (typeRules ? type : `${code}-adult`);
  const ages = [...new Set(sides.map((side) => side.minAge ?? 0).filter((age) => age > 0))];
  const graces = [...new Set(sides.map((side) => side.graceDays).filter((days) => days > 0))];
  const adultBirth = yearsBefore(today, Math.max(30, ...ages.map((age) => age + 5)));
  const validUntil = addDays(today, 365);

  const samples: SamplePatron[] = [];
  const seen = new Set<string>();
  const add = (
    id: string,
    key: string,
    values: Record<string, string | number>,
    overrides: { code?: string; patronType?: string; expirationDate?: string; birthDate?: string | null },
  ) => {
    const birthDate = overrides.birthDate === undefined ? adultBirth : overrides.birthDate;
    const code = overrides.code ?? institution;
    const record = { code, patronType: overrides.patronType ?? typeAt(code, patronType), expirationDate: overrides.expirationDate ?? validUntil };
    const same = JSON.stringify([birthDate, record]);
    if (seen.has(same)) return;
    seen.add(same);
    const unique = fresh(id, (candidate) => samples.some((sample) => sample.id === candidate));
    samples.push({ id: unique, key, values, facts: { userId: `sample-${unique}`, ...(birthDate ? { birthDate } : {}), records: [record] } });
  };

  add('typical', 'typical', { institution, patronType }, {});
  // The saved rules' own qualifying member, when the draft's is not one of theirs.
  const savedInstitution = saved && !admits(saved.institutions, institution) ? (preferred(saved.institutions, draft.institutions) ?? institution) : institution;
  const savedType = typeAt(savedInstitution, saved && !admits(saved.patronTypes, patronType) ? (preferred(saved.patronTypes, draft.patronTypes) ?? patronType) : patronType);
  add('saved-typical', 'typical', { institution: savedInstitution, patronType: savedType }, { code: savedInstitution, patronType: savedType });
  if (typeRules) {
    const types = named((side) => side.patronTypes);
    const other = fresh(`${institution}-other`, (candidate) => types.includes(candidate));
    add('other-type', 'otherType', { institution, patronType: other }, { patronType: other });
  }
  if (saved) {
    for (const type of [...refusedBy(draft.patronTypes, saved.patronTypes), ...refusedBy(saved.patronTypes, draft.patronTypes)]) {
      add(`type-${type}`, 'otherType', { institution, patronType: type }, { patronType: type });
    }
  }
  const expiredOn = addDays(today, -1);
  add('expired-yesterday', 'expiredYesterday', { institution, date: expiredOn }, { expirationDate: expiredOn });
  for (const days of graces) {
    add('within-grace', 'withinGrace', { institution, days }, { expirationDate: addDays(today, -days) });
    add('past-grace', 'pastGrace', { institution, days: days + 1 }, { expirationDate: addDays(today, -days - 1) });
  }
  if (graces.length === 0) {
    const longAgo = addDays(today, -400);
    add('expired-long-ago', 'expiredLongAgo', { institution, date: longAgo }, { expirationDate: longAgo });
  }
  for (const age of ages) {
    add('too-young', 'tooYoung', { institution, age: age - 1 }, { birthDate: addDays(yearsBefore(today, age), 1) });
    add('birthday-today', 'birthdayToday', { institution, age }, { birthDate: yearsBefore(today, age) });
  }
  // Any age rule, even 0, refuses a patron whose birth date is unknown.
  if (sides.some((side) => side.minAge !== undefined)) add('no-birthdate', 'noBirthDate', { institution }, { birthDate: null });
  if (ages.length === 0) add('child', 'child', { institution, age: 9 }, { birthDate: yearsBefore(today, 9) });
  if (saved) {
    // A member of each institution only one side licenses, with a patron type that side admits.
    const changed = [
      ...refusedBy(draft.institutions, saved.institutions).map((code) => ({ code, patronType: typeAt(code, patronType) })),
      ...refusedBy(saved.institutions, draft.institutions).map((code) => ({ code, patronType: typeAt(code, savedType) })),
    ];
    for (const member of changed) add(`member-${member.code}`, 'typical', { institution: member.code, patronType: member.patronType }, member);
  }
  const listed = named((side) => side.institutions);
  const elsewhere =
    otherInstitutions.find((code) => code !== institution && !listed.includes(code)) ??
    (listed.length > 0 ? fresh('other', (candidate) => listed.includes(candidate)) : undefined);
  if (elsewhere) add('elsewhere', 'elsewhere', { institution: elsewhere }, { code: elsewhere, patronType: typeAt(elsewhere, patronType) });
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

/**
 * Institutions the draft shuts out: a sample member of each had access under
 * the saved rules, and no sample member keeps it under the draft. In the
 * order the rows first name them. Only the samples count: around both sides'
 * edges, their members of an institution all lose access only when the draft
 * no longer licenses it (or is switched off), whereas a pasted patron may
 * lose it for a reason of their own.
 */
export function institutionsShutOut(rows: readonly DraftRow[]): string[] {
  const had: string[] = [];
  const keeps = new Set<string>();
  for (const row of rows) {
    const [record, ...more] = row.facts.records;
    if (row.key === undefined || !record || more.length > 0) continue;
    if (row.saved?.allowed && !had.includes(record.code)) had.push(record.code);
    if (row.draft.allowed) keeps.add(record.code);
  }
  return had.filter((code) => !keeps.has(code));
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

