import * as fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { addDays, ageOn, atUtcMidnight, compareDates, isCalendarDate, localDate } from './dates';

describe('isCalendarDate', () => {
  test.each([
    ['2027-03-30', true],
    ['2028-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400
    ['0001-01-01', true],
    ['2027-02-29', false], // common year
    ['1900-02-29', false], // divisible by 100, not 400
    ['2027-04-31', false],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['2027-01-00', false],
    ['2027-3-30', false],
    ['27-03-30', false],
    ['2027-03-30T00:00:00', false], // RERO+'s raw expiration_date form
    [' 2027-03-30', false],
    ['', false],
    [20270330, false],
    [undefined, false],
  ])('%j → %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('localDate', () => {
  test.each([
    // Summer time (CEST, UTC+2) started 28 March 2027.
    ['2027-03-30T21:59:59.999Z', 'Europe/Zurich', '2027-03-30'],
    ['2027-03-30T22:00:00.000Z', 'Europe/Zurich', '2027-03-31'],
    ['2027-03-30T22:30:00.000Z', 'Europe/Zurich', '2027-03-31'],
    ['2027-03-30T22:30:00.000Z', 'UTC', '2027-03-30'],
    // Winter time (CET, UTC+1).
    ['2027-01-15T22:59:59.999Z', 'Europe/Zurich', '2027-01-15'],
    ['2027-01-15T23:00:00.000Z', 'Europe/Zurich', '2027-01-16'],
    ['2027-12-31T23:00:00.000Z', 'Europe/Zurich', '2028-01-01'],
    // The night summer time starts (02:00 CET → 03:00 CEST) and ends.
    ['2027-03-28T00:59:59.999Z', 'Europe/Zurich', '2027-03-28'],
    ['2027-03-27T22:59:59.999Z', 'Europe/Zurich', '2027-03-27'],
    ['2027-03-27T23:00:00.000Z', 'Europe/Zurich', '2027-03-28'],
    ['2027-10-30T21:59:59.999Z', 'Europe/Zurich', '2027-10-30'],
    ['2027-10-30T22:00:00.000Z', 'Europe/Zurich', '2027-10-31'],
    ['2027-10-31T22:59:59.999Z', 'Europe/Zurich', '2027-10-31'],
    ['2027-10-31T23:00:00.000Z', 'Europe/Zurich', '2027-11-01'],
    // Far from UTC on both sides.
    ['2027-03-30T10:00:00.000Z', 'Pacific/Kiritimati', '2027-03-31'],
    ['2027-03-30T09:00:00.000Z', 'Pacific/Honolulu', '2027-03-29'],
    ['2028-02-29T12:00:00.000Z', 'Europe/Zurich', '2028-02-29'],
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(localDate(new Date(instant), timeZone)).toBe(expected);
  });

  test('an unknown time zone is an error, not a silent UTC', () => {
    expect(() => localDate(new Date('2027-03-30T12:00:00Z'), 'Europe/Zürich')).toThrow(RangeError);
  });

  test('an invalid Date is an error', () => {
    expect(() => localDate(new Date('nonsense'), 'Europe/Zurich')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  test.each([
    ['2027-03-30', 0, '2027-03-30'],
    ['2027-03-30', 1, '2027-03-31'],
    ['2027-03-31', 1, '2027-04-01'],
    ['2027-12-31', 1, '2028-01-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-30', 365, '2027-03-30'],
    ['2027-03-30', 365, '2028-03-29'], // crosses 29 February 2028
    // Days, not instants: the summer-time switch does not shorten a day.
    ['2027-03-27', 2, '2027-03-29'],
    ['0050-06-01', 1, '0050-06-02'],
  ])('%s + %i = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  test('rejects a non-date, a fractional number of days, and leaving years 0000–9999', () => {
    expect(() => addDays('2027-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2027-03-30', 0.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
  });
});

describe('compareDates', () => {
  test.each([
    ['2027-03-29', '2027-03-30', -1],
    ['2027-03-30', '2027-03-30', 0],
    ['2027-03-31', '2027-03-30', 1],
    ['2028-01-01', '2027-12-31', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareDates(a, b)).toBe(expected);
  });

  test('rejects dates that are not real', () => {
    expect(() => compareDates('2027-02-29', '2027-03-30')).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  test.each([
    ['2009-03-30', '2027-03-30', 18], // birthday today
    ['2009-03-31', '2027-03-30', 17], // birthday tomorrow
    ['2009-03-29', '2027-03-30', 18], // birthday yesterday
    ['2009-12-31', '2027-01-01', 17],
    ['2027-03-30', '2027-03-30', 0], // born today
    ['2027-03-31', '2027-03-30', -1], // not born yet
    // Born 29 February: birthday on 1 March in common years…
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    // …and on 29 February in leap years.
    ['2008-02-29', '2028-02-28', 19],
    ['2008-02-29', '2028-02-29', 20],
    ['2008-02-29', '2028-03-01', 20],
    // Born 28 February or 1 March: never moved.
    ['2008-02-28', '2026-02-28', 18],
    ['2008-03-01', '2028-02-29', 19],
    ['2008-03-01', '2028-03-01', 20],
  ])('born %s, on %s: %i', (birthDate, today, expected) => {
    expect(ageOn(birthDate, today)).toBe(expected);
  });

  test('rejects dates that are not real', () => {
    expect(() => ageOn('2009-02-29', '2027-03-30')).toThrow(RangeError);
    expect(() => ageOn('2009-03-30', 'today')).toThrow(RangeError);
  });
});

test('atUtcMidnight keeps the calendar date, also for years below 100', () => {
  expect(atUtcMidnight('2027-03-30').toISOString()).toBe('2027-03-30T00:00:00.000Z');
  expect(atUtcMidnight('0050-06-01').getUTCFullYear()).toBe(50);
});

describe('localDate, asked again and again (cached per quarter hour)', () => {
  const zones = ['Europe/Zurich', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Eucla', 'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'];
  const uncached = (instant: number, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
    const part = (type: string) => parts.find((p) => p.type === type)?.value;
    return `${part('year')}-${part('month')}-${part('day')}`;
  };
  it('answers what Intl answers for any sequence of instants, around midnight in every offset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.constantFrom(...zones), fc.integer({ min: -2, max: 2 })), { minLength: 1, maxLength: 30 }),
        (steps) => {
          for (const [base, zone, nudge] of steps) {
            // Land on and around quarter-hour boundaries, where local midnights fall.
            const instant = Math.floor(base / 900_000) * 900_000 + nudge;
            expect(localDate(new Date(instant), zone)).toBe(uncached(instant, zone));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('addDays and compareDates (calendar arithmetic without Date objects)', () => {
  const viaDate = (date: string, days: number) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const instant = new Date(0);
    instant.setUTCFullYear(y, m - 1, d + days);
    return `${String(instant.getUTCFullYear()).padStart(4, '0')}-${String(instant.getUTCMonth() + 1).padStart(2, '0')}-${String(instant.getUTCDate()).padStart(2, '0')}`;
  };
  const date = fc.date({ min: new Date('0200-01-01T00:00:00Z'), max: new Date('9800-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  it('agree with the Gregorian calendar as Date counts it', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -40_000, max: 40_000 }), (start, days) => {
        const moved = addDays(start, days);
        expect(moved).toBe(viaDate(start, days));
        expect(compareDates(moved, start)).toBe(Math.sign(days));
      }),
      { numRuns: 1000 },
    );
  });
});
