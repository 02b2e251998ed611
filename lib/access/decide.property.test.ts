/**
 * Properties of `decide` over generated patrons and criteria: the rules are
 * monotonic (loosening a criterion never takes access away), fail closed
 * (losing a field never grants access), and independent of record order.
 */
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { PatronFacts, PatronRecord } from '../patron';
import { DEFAULT_RELEASE, type Criteria, type Resource } from './criteria';
import { decide } from './decide';
import { addDays } from './dates';

const CODES = ['vs', 'rbnj', 'fr', 'ge'];
const TYPES = ['vs-pm', 'rbnj-adult', 'fr-student', 'ge-staff'];
const TIME_ZONES = ['Europe/Zurich', 'UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'];
const RUNS = { numRuns: 500 };

/** Dates near "now", so that memberships are as often valid as expired. */
const expirationDate = fc.oneof(
  fc.integer({ min: -800, max: 800 }).map((days) => addDays('2027-06-15', days)),
  fc.constantFrom('2028-02-29', '2027-02-28', 'not-a-date'),
);
const birthDate = fc.oneof(
  fc.integer({ min: 0, max: 365 * 45 }).map((days) => addDays('1985-01-01', days)),
  fc.constantFrom('2008-02-29', '2012-02-29', '2009-03-01'),
);

const record: fc.Arbitrary<PatronRecord> = fc.record(
  { code: fc.constantFrom(...CODES), patronType: fc.constantFrom(...TYPES), expirationDate },
  { requiredKeys: ['code'] },
);

const facts: fc.Arbitrary<PatronFacts> = fc.record(
  { userId: fc.constant('7'), birthDate, records: fc.array(record, { maxLength: 4 }) },
  { requiredKeys: ['userId', 'records'] },
);

const criteria: fc.Arbitrary<Criteria> = fc.record({
  institutions: fc.subarray(CODES),
  patronTypes: fc.subarray(TYPES),
  requireValidMembership: fc.boolean(),
  graceDays: fc.integer({ min: 0, max: 365 }),
  minAge: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
});

const now = fc.date({
  min: new Date('2025-01-01T00:00:00Z'),
  max: new Date('2029-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const timeZone = fc.constantFrom(...TIME_ZONES);

function resource(rules: Criteria, enabled = true): Resource {
  return { slug: 'r', name: 'R', url: 'https://r.example/', enabled, criteria: rules, release: DEFAULT_RELEASE };
}

/** A list widened: more entries, or emptied ("any"); an empty list stays "any". */
function widen(list: string[], extra: string[], toAny: boolean): string[] {
  if (list.length === 0 || toAny) return [];
  return [...new Set([...list, ...extra])];
}

describe('loosening a criterion never turns allow into deny', () => {
  test('widening institutions', () => {
    fc.assert(
      fc.property(facts, criteria, fc.subarray(CODES), fc.boolean(), now, timeZone, (f, c, extra, toAny, at, zone) => {
        fc.pre(decide(f, resource(c), at, zone).allowed);
        const wider = { ...c, institutions: widen(c.institutions, extra, toAny) };
        expect(decide(f, resource(wider), at, zone).allowed).toBe(true);
      }),
      RUNS,
    );
  });

  test('widening patron types', () => {
    fc.assert(
      fc.property(facts, criteria, fc.subarray(TYPES), fc.boolean(), now, timeZone, (f, c, extra, toAny, at, zone) => {
        fc.pre(decide(f, resource(c), at, zone).allowed);
        const wider = { ...c, patronTypes: widen(c.patronTypes, extra, toAny) };
        expect(decide(f, resource(wider), at, zone).allowed).toBe(true);
      }),
      RUNS,
    );
  });

  test('lowering or dropping the minimum age', () => {
    fc.assert(
      fc.property(facts, criteria, fc.nat(), fc.boolean(), now, timeZone, (f, c, down, drop, at, zone) => {
        fc.pre(decide(f, resource(c), at, zone).allowed);
        const lower = c.minAge === undefined || drop ? undefined : Math.max(0, c.minAge - down);
        expect(decide(f, resource({ ...c, minAge: lower }), at, zone).allowed).toBe(true);
      }),
      RUNS,
    );
  });

  test('raising the grace days, or no longer requiring a valid membership', () => {
    fc.assert(
      fc.property(facts, criteria, fc.integer({ min: 0, max: 365 }), now, timeZone, (f, c, up, at, zone) => {
        fc.pre(decide(f, resource(c), at, zone).allowed);
        const graceDays = Math.min(365, c.graceDays + up);
        expect(decide(f, resource({ ...c, graceDays }), at, zone).allowed).toBe(true);
        expect(decide(f, resource({ ...c, requireValidMembership: false }), at, zone).allowed).toBe(true);
      }),
      RUNS,
    );
  });

  test('and the allowing checks do happen: some generated cases are allowed', () => {
    const samples = fc.sample(fc.tuple(facts, criteria, now, timeZone), { numRuns: 500, seed: 1 });
    const allowedCount = samples.filter(([f, c, at, zone]) => decide(f, resource(c), at, zone).allowed).length;
    expect(allowedCount).toBeGreaterThan(25);
  });
});

describe('never allowed', () => {
  test('a patron with no records', () => {
    fc.assert(
      fc.property(facts, criteria, fc.boolean(), now, timeZone, (f, c, enabled, at, zone) => {
        const decision = decide({ ...f, records: [] }, resource(c, enabled), at, zone);
        expect(decision).toEqual({ allowed: false, reasons: [{ code: enabled ? 'not-a-patron' : 'disabled' }] });
      }),
      RUNS,
    );
  });

  test('on a disabled resource', () => {
    fc.assert(
      fc.property(facts, criteria, now, timeZone, (f, c, at, zone) => {
        expect(decide(f, resource(c, false), at, zone)).toEqual({ allowed: false, reasons: [{ code: 'disabled' }] });
      }),
      RUNS,
    );
  });

  test('after losing a field a rule needs (fail closed)', () => {
    const strip = fc.constantFrom('birthDate', 'patronType', 'expirationDate');
    fc.assert(
      fc.property(facts, criteria, strip, fc.nat(), now, timeZone, (f, c, field, index, at, zone) => {
        fc.pre(!decide(f, resource(c), at, zone).allowed);
        let fewer: PatronFacts;
        if (field === 'birthDate') {
          const { birthDate: _, ...rest } = f;
          fewer = rest;
        } else {
          const i = f.records.length === 0 ? -1 : index % f.records.length;
          fewer = {
            ...f,
            records: f.records.map((r, j) => {
              if (j !== i) return r;
              const { [field]: _, ...rest } = r;
              return rest;
            }),
          };
        }
        expect(decide(fewer, resource(c), at, zone).allowed).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('the decision', () => {
  test('does not depend on the order of the records', () => {
    fc.assert(
      fc.property(
        facts.chain((f) =>
          fc.tuple(
            fc.constant(f),
            fc.shuffledSubarray(f.records, { minLength: f.records.length, maxLength: f.records.length }),
          ),
        ),
        criteria,
        now,
        timeZone,
        ([f, shuffled], c, at, zone) => {
          expect(decide({ ...f, records: shuffled }, resource(c), at, zone)).toEqual(decide(f, resource(c), at, zone));
        },
      ),
      RUNS,
    );
  });

  test('allows with one of the patron’s own records, in a listed institution', () => {
    fc.assert(
      fc.property(facts, criteria, now, timeZone, (f, c, at, zone) => {
        const decision = decide(f, resource(c), at, zone);
        if (!decision.allowed) return;
        expect(f.records).toContain(decision.record);
        if (c.institutions.length > 0) expect(c.institutions).toContain(decision.record.code);
        if (c.patronTypes.length > 0) expect(c.patronTypes).toContain(decision.record.patronType);
      }),
      RUNS,
    );
  });

  test('lets in through the first qualifying membership in the order of the resource\'s institutions, then by code', () => {
    fc.assert(
      fc.property(facts, criteria, now, timeZone, (f, c, at, zone) => {
        const decision = decide(f, resource(c), at, zone);
        if (!decision.allowed) return;
        const rank = (code: string) => (c.institutions.includes(code) ? c.institutions.indexOf(code) : c.institutions.length);
        const chosen = decision.record;
        for (const other of f.records) {
          const before = rank(other.code) < rank(chosen.code) || (rank(other.code) === rank(chosen.code) && other.code < chosen.code);
          // Any membership that would come first must not qualify on its own.
          if (before) expect(decide({ ...f, records: [other] }, resource(c), at, zone).allowed).toBe(false);
        }
      }),
      RUNS,
    );
  });

  test('denies with distinct reasons, and the institution reason only when no record is in a listed institution', () => {
    fc.assert(
      fc.property(facts, criteria, now, timeZone, (f, c, at, zone) => {
        const decision = decide(f, resource(c), at, zone);
        if (decision.allowed) return;
        const keys = decision.reasons.map((reason) => JSON.stringify(reason));
        expect(keys.length).toBeGreaterThan(0);
        expect(new Set(keys).size).toBe(keys.length);
        expect(decision.reasons.filter((reason) => reason.code === 'age').length).toBeLessThanOrEqual(1);
        const anyListed = f.records.some((r) => c.institutions.length === 0 || c.institutions.includes(r.code));
        const hasInstitutionReason = decision.reasons.some((reason) => reason.code === 'institution');
        expect(hasInstitutionReason).toBe(f.records.length > 0 && !anyListed);
      }),
      RUNS,
    );
  });
});
