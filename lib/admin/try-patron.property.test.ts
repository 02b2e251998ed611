/**
 * "Try these rules" tells the truth: whenever a change of criteria lets some
 * patron in, or shuts one out, at least one sample patron shows it.
 */
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_RELEASE, addDays, decide, localDate, type Criteria, type Resource } from '../access';
import type { PatronFacts, PatronRecord } from '../patron';
import { compareDraft, institutionsShutOut, samplePatrons } from './try-patron';

const CODES = ['vs', 'vsx', 'rbnj', 'fr'];
const TYPES = ['vs-pm', 'vs-staff', 'rbnj-adult', 'fr-student'];
const TIME_ZONES = ['Europe/Zurich', 'UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'];
const RUNS = { numRuns: 400 };

// Small grace days and ages as often as any: patrons near their edges are then generated often.
const criteria: fc.Arbitrary<Criteria> = fc.record({
  institutions: fc.subarray(CODES),
  patronTypes: fc.subarray(TYPES),
  requireValidMembership: fc.boolean(),
  graceDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 365 })),
  minAge: fc.option(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })), { nil: undefined }),
});

const rules = fc.record({ criteria, enabled: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }) });

function resource(rules: { criteria: Criteria; enabled: boolean }): Resource {
  return { slug: 'r', name: 'R', url: 'https://r.example/', enabled: rules.enabled, criteria: rules.criteria, release: DEFAULT_RELEASE };
}

/**
 * A patron as years and days from "today", made concrete once today is known
 * (plain data, so that a counterexample reads well). Expiry dates and
 * birthdays fall near "today" often, where the grace and age edges are.
 */
interface Shape {
  born?: { years: number; days: number } | 'not-a-date';
  records: { code: string; patronType?: string; expiresIn?: number | 'not-a-date' }[];
}

const shape: fc.Arbitrary<Shape> = fc.record(
  {
    born: fc.oneof(fc.record({ years: fc.integer({ min: 0, max: 45 }), days: fc.integer({ min: -2, max: 2 }) }), fc.constant('not-a-date' as const)),
    records: fc.array(
      fc.record(
        {
          code: fc.constantFrom(...CODES, 'ge'),
          patronType: fc.constantFrom(...TYPES, 'vs-other'),
          expiresIn: fc.oneof(fc.integer({ min: -6, max: 1 }), fc.integer({ min: -420, max: 400 }), fc.constant('not-a-date' as const)),
        },
        { requiredKeys: ['code'] },
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['records'] },
);

function patronOf(shape: Shape, today: string): PatronFacts {
  const { born } = shape;
  // 29 February is taken as the 28th in the year of birth.
  const birthday = (years: number) => `${Number(today.slice(0, 4)) - years}-${today.slice(5) === '02-29' ? '02-28' : today.slice(5)}`;
  return {
    userId: '7',
    ...(born ? { birthDate: born === 'not-a-date' ? born : addDays(birthday(born.years), born.days) } : {}),
    records: shape.records.map(
      (r): PatronRecord => ({
        code: r.code,
        ...(r.patronType ? { patronType: r.patronType } : {}),
        ...(r.expiresIn !== undefined ? { expirationDate: r.expiresIn === 'not-a-date' ? r.expiresIn : addDays(today, r.expiresIn) } : {}),
      }),
    ),
  };
}

const now = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2029-12-31T23:59:59Z'), noInvalidDate: true });
const timeZone = fc.constantFrom(...TIME_ZONES);

describe('sample patrons around the saved and the draft rules', () => {
  test('whenever some patron gains or loses access, a sample patron does too', () => {
    fc.assert(
      fc.property(rules, rules, fc.array(shape, { minLength: 1, maxLength: 6 }), fc.subarray(CODES), now, timeZone, (saved, draft, shapes, known, at, zone) => {
        const today = localDate(at, zone);
        const before = resource(saved);
        const after = resource(draft);
        const allowed = (facts: PatronFacts) => [decide(facts, before, at, zone).allowed, decide(facts, after, at, zone).allowed];
        const loses = (facts: PatronFacts) => {
          const [was, is] = allowed(facts);
          return was && !is;
        };
        const gains = (facts: PatronFacts) => {
          const [was, is] = allowed(facts);
          return !was && is;
        };
        const patrons = shapes.map((each) => patronOf(each, today));
        const samples = samplePatrons(draft.criteria, saved.criteria, today, known).map((sample) => sample.facts);
        if (patrons.some(loses)) expect(samples.some(loses), 'nobody among the samples loses access').toBe(true);
        if (patrons.some(gains)) expect(samples.some(gains), 'nobody among the samples gains access').toBe(true);
      }),
      RUNS,
    );
  });

  test('and the changes do happen: some generated patrons lose access, some gain it', () => {
    const counts = { loses: 0, gains: 0 };
    fc.assert(
      fc.property(rules, rules, shape, now, timeZone, (saved, draft, one, at, zone) => {
        const facts = patronOf(one, localDate(at, zone));
        const was = decide(facts, resource(saved), at, zone).allowed;
        const is = decide(facts, resource(draft), at, zone).allowed;
        if (was && !is) counts.loses += 1;
        if (!was && is) counts.gains += 1;
      }),
      // A statement about the generators, not a property: one fixed sample, so that it cannot fail by chance.
      { ...RUNS, seed: 20261202 },
    );
    expect(counts.loses).toBeGreaterThan(10);
    expect(counts.gains).toBeGreaterThan(10);
  });

  test('an institution said to lose access altogether does: no patron whose memberships are all there keeps it', () => {
    fc.assert(
      fc.property(rules, rules, fc.array(shape, { minLength: 1, maxLength: 6 }), fc.subarray(CODES), now, timeZone, (saved, draft, shapes, known, at, zone) => {
        const today = localDate(at, zone);
        const after = resource(draft);
        const rows = compareDraft(after, resource(saved), samplePatrons(draft.criteria, saved.criteria, today, known), at, zone);
        for (const code of institutionsShutOut(rows)) {
          expect(!draft.enabled || (draft.criteria.institutions.length > 0 && !draft.criteria.institutions.includes(code))).toBe(true);
          for (const facts of shapes.map((each) => patronOf(each, today))) {
            if (facts.records.length > 0 && facts.records.every((r) => r.code === code)) expect(decide(facts, after, at, zone).allowed).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  test('the table stays small: each sample has its own facts, and only named codes add rows', () => {
    fc.assert(
      fc.property(rules, rules, fc.subarray(CODES), now, timeZone, (saved, draft, known, at, zone) => {
        const samples = samplePatrons(draft.criteria, saved.criteria, localDate(at, zone), known);
        const onlyOneSide = (a: string[], b: string[]) => a.filter((code) => !b.includes(code)).length + b.filter((code) => !a.includes(code)).length;
        const named =
          onlyOneSide(draft.criteria.institutions, saved.criteria.institutions) + onlyOneSide(draft.criteria.patronTypes, saved.criteria.patronTypes);
        expect(samples.length).toBeLessThanOrEqual(16 + named);
        expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
        expect(new Set(samples.map((s) => JSON.stringify([s.facts.birthDate, s.facts.records]))).size).toBe(samples.length);
      }),
      RUNS,
    );
  });
});
