import { describe, expect, test } from 'vitest';
import type { PatronFacts, PatronRecord } from '../patron';
import { ResourceSchema, type Resource } from './criteria';
import { decide, type Decision, type Reason } from './decide';

const ZURICH = 'Europe/Zurich';
/** 12:00 in Zurich (summer time since 28 March 2027): "today" is 2027-03-30. */
const NOON = new Date('2027-03-30T10:00:00Z');

function resource(criteria: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Resource {
  return ResourceSchema.parse({ slug: 'r', name: 'R', url: 'https://r.example/', criteria, ...extra });
}

function patron(records: PatronRecord[], birthDate?: string): PatronFacts {
  return birthDate === undefined ? { userId: '7', records } : { userId: '7', birthDate, records };
}

const vsPm: PatronRecord = { code: 'vs', patronType: 'vs-pm', expirationDate: '2027-12-31' };
const rbnjAdult: PatronRecord = { code: 'rbnj', patronType: 'rbnj-adult', expirationDate: '2027-12-31' };
const cairn = resource({
  institutions: ['vs', 'rbnj'],
  patronTypes: ['vs-pm', 'rbnj-adult'],
  requireValidMembership: true,
  graceDays: 0,
  minAge: 18,
});

function denied(...reasons: Reason[]): Decision {
  return { allowed: false, reasons };
}

function allowed(record: PatronRecord): Decision {
  return { allowed: true, record };
}

describe('membership expiry, in the library time zone', () => {
  const membership = (expirationDate: string, graceDays = 0) =>
    [resource({ graceDays }), patron([{ code: 'vs', expirationDate }])] as const;

  test.each([
    // [expiration date, grace days, now, time zone, allowed]
    ['2027-03-30', 0, NOON, ZURICH, true], // expires today
    ['2027-03-29', 0, NOON, ZURICH, false], // expired yesterday
    ['2027-03-31', 0, NOON, ZURICH, true], // expires tomorrow
    ['2027-03-29', 1, NOON, ZURICH, true], // yesterday, with one day of grace
    ['2027-03-28', 1, NOON, ZURICH, false], // grace used up yesterday
    ['2027-03-20', 10, NOON, ZURICH, true],
    ['2027-03-19', 10, NOON, ZURICH, false],
    ['2026-03-30', 365, NOON, ZURICH, true],
    ['2026-03-29', 365, NOON, ZURICH, false],
    // Midnight in Zurich (CEST, UTC+2): 2027-03-30T22:30Z is already 31 March.
    ['2027-03-30', 0, new Date('2027-03-30T21:59:59.999Z'), ZURICH, true],
    ['2027-03-30', 0, new Date('2027-03-30T22:00:00.000Z'), ZURICH, false],
    ['2027-03-30', 0, new Date('2027-03-30T22:30:00.000Z'), ZURICH, false],
    ['2027-03-30', 0, new Date('2027-03-30T22:30:00.000Z'), 'UTC', true],
    ['2027-03-30', 1, new Date('2027-03-31T21:59:59.999Z'), ZURICH, true],
    ['2027-03-30', 1, new Date('2027-03-31T22:00:00.000Z'), ZURICH, false],
    // Midnight in winter (CET, UTC+1), and at the turn of the year.
    ['2027-01-15', 0, new Date('2027-01-15T22:59:59.999Z'), ZURICH, true],
    ['2027-01-15', 0, new Date('2027-01-15T23:00:00.000Z'), ZURICH, false],
    ['2027-12-31', 0, new Date('2027-12-31T22:59:59.999Z'), ZURICH, true],
    ['2027-12-31', 0, new Date('2027-12-31T23:00:00.000Z'), ZURICH, false],
    // The day summer time ends (31 October 2027 has 25 hours).
    ['2027-10-31', 0, new Date('2027-10-31T22:59:59.999Z'), ZURICH, true],
    ['2027-10-31', 0, new Date('2027-10-31T23:00:00.000Z'), ZURICH, false],
    // Grace across 29 February.
    ['2028-02-28', 1, new Date('2028-02-29T12:00:00Z'), ZURICH, true],
    ['2028-02-28', 1, new Date('2028-03-01T12:00:00Z'), ZURICH, false],
    ['2027-02-28', 1, new Date('2027-03-01T12:00:00Z'), ZURICH, true],
    // A far-future expiry ("never") stays valid with grace.
    ['9999-12-31', 365, NOON, ZURICH, true],
  ])('expires %s, %i grace days, at %o in %s: allowed %s', (expirationDate, graceDays, now, timeZone, expected) => {
    const [res, facts] = membership(expirationDate, graceDays);
    const decision = decide(facts, res, now, timeZone);
    expect(decision).toEqual(
      expected
        ? allowed(facts.records[0]!)
        : denied({ code: 'membership-expired', institution: 'vs', expiredOn: expirationDate }),
    );
  });

  test('no check when a valid membership is not required', () => {
    const res = resource({ requireValidMembership: false });
    for (const record of [{ code: 'vs', expirationDate: '2000-01-01' }, { code: 'vs' }]) {
      expect(decide(patron([record]), res, NOON, ZURICH)).toEqual(allowed(record));
    }
  });
});

describe('minimum age, counted on today in the library time zone', () => {
  test.each([
    // [birth date, minimum age, now, time zone, age]
    ['2009-03-30', 18, NOON, ZURICH, 18], // birthday today
    ['2009-03-31', 18, NOON, ZURICH, 17], // birthday tomorrow
    ['2009-03-29', 18, NOON, ZURICH, 18],
    ['1950-06-01', 18, NOON, ZURICH, 76],
    ['2027-03-30', 0, NOON, ZURICH, 0], // born today, no minimum
    // Born 29 February: 1 March in common years, 29 February in leap years.
    ['2008-02-29', 18, new Date('2026-02-28T12:00:00Z'), ZURICH, 17],
    ['2008-02-29', 18, new Date('2026-03-01T12:00:00Z'), ZURICH, 18],
    ['2008-02-29', 20, new Date('2028-02-28T12:00:00Z'), ZURICH, 19],
    ['2008-02-29', 20, new Date('2028-02-29T12:00:00Z'), ZURICH, 20],
    // The birthday starts at midnight in Zurich, not in UTC.
    ['2009-03-31', 18, new Date('2027-03-30T21:59:59.999Z'), ZURICH, 17],
    ['2009-03-31', 18, new Date('2027-03-30T22:30:00Z'), ZURICH, 18],
    ['2009-03-31', 18, new Date('2027-03-30T22:30:00Z'), 'UTC', 17],
  ])('born %s, minimum %i, at %o in %s: aged %i', (birthDate, minAge, now, timeZone, age) => {
    const record = { code: 'vs', expirationDate: '2099-12-31' };
    const decision = decide(patron([record], birthDate), resource({ minAge }), now, timeZone);
    expect(decision).toEqual(age >= minAge ? allowed(record) : denied({ code: 'age', minAge, age }));
  });

  test('no minimum age: no birth date needed', () => {
    expect(decide(patron([vsPm]), resource(), NOON, ZURICH)).toEqual(allowed(vsPm));
  });

  test('the age reason is given once, however many records fail', () => {
    const records = [vsPm, rbnjAdult, { ...vsPm, code: 'fr' }];
    expect(decide(patron(records, '2015-01-01'), resource({ minAge: 18 }), NOON, ZURICH)).toEqual(
      denied({ code: 'age', minAge: 18, age: 12 }),
    );
  });

  test('too young and no record qualifies: the age comes first, then the records', () => {
    const expired = { ...vsPm, expirationDate: '2027-01-31' };
    expect(decide(patron([expired], '2015-01-01'), cairn, NOON, ZURICH)).toEqual(
      denied(
        { code: 'age', minAge: 18, age: 12 },
        { code: 'membership-expired', institution: 'vs', expiredOn: '2027-01-31' },
      ),
    );
  });
});

describe('institutions and patron types', () => {
  test('a fully matching record is allowed, and is the record returned', () => {
    expect(decide(patron([vsPm], '1990-01-01'), cairn, NOON, ZURICH)).toEqual(allowed(vsPm));
  });

  test('a patron of no listed institution: one reason listing theirs, sorted and once each', () => {
    const records = [
      { code: 'ge', patronType: 'ge-adult', expirationDate: '2027-12-31' },
      { code: 'fr', patronType: 'fr-adult', expirationDate: '2027-12-31' },
      { code: 'ge', patronType: 'ge-staff', expirationDate: '2027-12-31' },
    ];
    expect(decide(patron(records, '1990-01-01'), cairn, NOON, ZURICH)).toEqual(
      denied({ code: 'institution', institutions: ['fr', 'ge'] }),
    );
  });

  test('a record in a listed institution explains itself; others are not mentioned', () => {
    const records = [{ code: 'fr', patronType: 'fr-adult', expirationDate: '2027-12-31' }, { ...vsPm, patronType: 'vs-child' }];
    expect(decide(patron(records, '1990-01-01'), cairn, NOON, ZURICH)).toEqual(
      denied({ code: 'patron-type', institution: 'vs', patronType: 'vs-child' }),
    );
  });

  test('a record failing two rules gives both reasons, patron type first', () => {
    const record = { code: 'vs', patronType: 'vs-child', expirationDate: '2026-12-31' };
    expect(decide(patron([record], '1990-01-01'), cairn, NOON, ZURICH)).toEqual(
      denied(
        { code: 'patron-type', institution: 'vs', patronType: 'vs-child' },
        { code: 'membership-expired', institution: 'vs', expiredOn: '2026-12-31' },
      ),
    );
  });

  test('two records that each satisfy half are denied: fields never mix across records', () => {
    // vs: right patron type, expired. rbnj: valid membership, wrong patron type.
    const records = [
      { code: 'vs', patronType: 'vs-pm', expirationDate: '2026-06-30' },
      { code: 'rbnj', patronType: 'rbnj-child', expirationDate: '2027-12-31' },
    ];
    expect(decide(patron(records, '1990-01-01'), cairn, NOON, ZURICH)).toEqual(
      denied(
        { code: 'patron-type', institution: 'rbnj', patronType: 'rbnj-child' },
        { code: 'membership-expired', institution: 'vs', expiredOn: '2026-06-30' },
      ),
    );
  });

  test('a patron type listed for another institution still counts: types are codes, not pairs', () => {
    // The criteria list types; the record is judged on its own type only.
    const record = { code: 'rbnj', patronType: 'vs-pm', expirationDate: '2027-12-31' };
    expect(decide(patron([record], '1990-01-01'), cairn, NOON, ZURICH)).toEqual(allowed(record));
  });

  test('one failing record does not hide another that qualifies', () => {
    const expired = { ...vsPm, expirationDate: '2020-01-01' };
    expect(decide(patron([expired, rbnjAdult], '1990-01-01'), cairn, NOON, ZURICH)).toEqual(allowed(rbnjAdult));
  });

  test('of several qualifying records, the first in the order of the resource\'s institutions is returned, whatever their order', () => {
    // cairn lists vs before rbnj.
    expect(decide(patron([vsPm, rbnjAdult], '1990-01-01'), cairn, NOON, ZURICH)).toEqual(allowed(vsPm));
    expect(decide(patron([rbnjAdult, vsPm], '1990-01-01'), cairn, NOON, ZURICH)).toEqual(allowed(vsPm));
    const rbnjFirst = resource({ ...cairn.criteria, institutions: ['rbnj', 'vs'] });
    expect(decide(patron([vsPm, rbnjAdult], '1990-01-01'), rbnjFirst, NOON, ZURICH)).toEqual(allowed(rbnjAdult));
  });

  test('with any institution allowed, the first qualifying record by code is returned', () => {
    const any = resource({});
    expect(decide(patron([vsPm, rbnjAdult]), any, NOON, ZURICH)).toEqual(allowed(rbnjAdult));
    expect(decide(patron([rbnjAdult, vsPm]), any, NOON, ZURICH)).toEqual(allowed(rbnjAdult));
  });

  test('empty lists mean any institution and any patron type', () => {
    const record = { code: 'anywhere', patronType: 'anything', expirationDate: '2027-12-31' };
    const res = resource({ institutions: [], patronTypes: [] });
    expect(decide(patron([record]), res, NOON, ZURICH)).toEqual(allowed(record));
  });

  test('with any patron type, a record without one is fine', () => {
    const record = { code: 'vs', expirationDate: '2027-12-31' };
    expect(decide(patron([record]), resource({ institutions: ['vs'] }), NOON, ZURICH)).toEqual(allowed(record));
  });

  test('identical failing records give one reason', () => {
    const expired = { ...vsPm, expirationDate: '2020-01-01' };
    expect(decide(patron([expired, { ...expired }]), resource(), NOON, ZURICH)).toEqual(
      denied({ code: 'membership-expired', institution: 'vs', expiredOn: '2020-01-01' }),
    );
  });
});

describe('missing data denies (fail closed)', () => {
  test.each([
    [
      'patronType, when patron types are listed',
      resource({ patronTypes: ['vs-pm'] }),
      patron([{ code: 'vs', expirationDate: '2027-12-31' }]),
      [{ code: 'missing-data', field: 'patronType', institution: 'vs' }],
    ],
    [
      'patronType given as an empty string',
      resource({ patronTypes: ['vs-pm'] }),
      patron([{ code: 'vs', patronType: '', expirationDate: '2027-12-31' }]),
      [{ code: 'missing-data', field: 'patronType', institution: 'vs' }],
    ],
    [
      'expirationDate, when a valid membership is required',
      resource(),
      patron([{ code: 'vs', patronType: 'vs-pm' }]),
      [{ code: 'missing-data', field: 'expirationDate', institution: 'vs' }],
    ],
    [
      'expirationDate that is not a real date',
      resource(),
      patron([{ code: 'vs', expirationDate: '2027-02-30' }]),
      [{ code: 'missing-data', field: 'expirationDate', institution: 'vs' }],
    ],
    [
      "expirationDate still in RERO+'s raw form",
      resource(),
      patron([{ code: 'vs', expirationDate: '2027-12-31T00:00:00' }]),
      [{ code: 'missing-data', field: 'expirationDate', institution: 'vs' }],
    ],
    [
      'birthDate, when there is a minimum age',
      resource({ minAge: 18 }),
      patron([vsPm]),
      [{ code: 'missing-data', field: 'birthDate' }],
    ],
    [
      'birthDate that is not a real date',
      resource({ minAge: 18 }),
      patron([vsPm], '1990-02-29'),
      [{ code: 'missing-data', field: 'birthDate' }],
    ],
    [
      'everything at once, in a stable order',
      cairn,
      patron([{ code: 'vs' }, { code: 'rbnj' }]),
      [
        { code: 'missing-data', field: 'birthDate' },
        { code: 'missing-data', field: 'patronType', institution: 'rbnj' },
        { code: 'missing-data', field: 'expirationDate', institution: 'rbnj' },
        { code: 'missing-data', field: 'patronType', institution: 'vs' },
        { code: 'missing-data', field: 'expirationDate', institution: 'vs' },
      ],
    ],
  ] satisfies [string, Resource, PatronFacts, Reason[]][])('%s', (_, res, facts, reasons) => {
    expect(decide(facts, res, NOON, ZURICH)).toEqual(denied(...reasons));
  });

  test('missing data on one record does not hide another that qualifies', () => {
    const records = [{ code: 'vs' }, rbnjAdult];
    expect(decide(patron(records, '1990-01-01'), cairn, NOON, ZURICH)).toEqual(allowed(rbnjAdult));
  });
});

describe('disabled resources and users who are not patrons', () => {
  test('a disabled resource denies everyone, with that reason only', () => {
    const res = resource({}, { enabled: false });
    expect(decide(patron([vsPm], '1990-01-01'), res, NOON, ZURICH)).toEqual(denied({ code: 'disabled' }));
    expect(decide(patron([]), res, NOON, ZURICH)).toEqual(denied({ code: 'disabled' }));
  });

  test('a user without patron records is never allowed, even by a resource open to all', () => {
    const open = resource({ requireValidMembership: false });
    expect(decide(patron([], '1990-01-01'), open, NOON, ZURICH)).toEqual(denied({ code: 'not-a-patron' }));
    expect(decide(patron([]), cairn, NOON, ZURICH)).toEqual(denied({ code: 'not-a-patron' }));
  });
});

test('an unknown time zone is a configuration error, not a decision', () => {
  expect(() => decide(patron([vsPm]), resource(), NOON, 'Mars/Olympus')).toThrow(RangeError);
});
