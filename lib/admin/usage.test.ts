import { describe, expect, test } from 'vitest';
import { readRange, usageByResource, usageCsv } from './usage';

describe('date range', () => {
  test('defaults to the last 30 days up to today', () => {
    const range = readRange(undefined, undefined, '2026-03-01');
    expect(range.ok && [range.from, range.to, range.days.length]).toEqual(['2026-01-31', '2026-03-01', 30]);
  });

  test.each([
    ['2026-02-30', '2026-03-01', 'from', 'dateInvalid'],
    ['2026-03-01', 'tomorrow', 'to', 'dateInvalid'],
    ['2026-03-02', '2026-03-01', 'from', 'rangeOrder'],
    ['2024-01-01', '2026-03-01', 'from', 'rangeTooLong'],
  ])('%s to %s is refused at %s', (from, to, field, key) => {
    expect(readRange(from, to, '2026-03-01')).toEqual({ ok: false, field, key });
  });
});

describe('usage by resource', () => {
  const days = ['2026-03-01', '2026-03-02'];
  const rows = [
    { day: '2026-03-01', resource: 'zeta', outcome: 'allowed', count: 2 },
    { day: '2026-03-01', resource: 'cairn', outcome: 'membership-expired', count: 1 },
    { day: '2026-03-02', resource: 'cairn', outcome: 'allowed', count: 4 },
    { day: '2026-03-02', resource: 'cairn', outcome: 'age', count: 3 },
    { day: '2026-03-02', resource: 'cairn', outcome: 'weird', count: 1 },
    { day: '2026-02-28', resource: 'cairn', outcome: 'allowed', count: 100 },
  ];

  test('per day and outcome, outcomes in chart order, resources in document order', () => {
    const usage = usageByResource(rows, days, ['cairn', 'zeta']);
    expect(usage.map((u) => u.slug)).toEqual(['cairn', 'zeta']);
    const [cairn] = usage;
    expect(cairn?.outcomes).toEqual(['allowed', 'membership-expired', 'age', 'weird']);
    expect(cairn?.total).toBe(9);
    expect(Object.fromEntries(cairn?.byDay.get('2026-03-02') ?? [])).toEqual({ allowed: 4, age: 3, weird: 1 });
    expect(cairn?.byDay.get('2026-03-01')?.get('allowed')).toBeUndefined();
  });
});

describe('CSV', () => {
  test('RFC 4180, CRLF, and nothing a spreadsheet would run as a formula', () => {
    const csv = usageCsv([
      { day: '2026-03-01', resource: 'cairn', outcome: 'allowed', count: 2 },
      { day: '2026-03-01', resource: '-x', outcome: '=HYPERLINK("x")', count: 1 },
    ]);
    expect(csv).toBe('day,resource,outcome,count\r\n2026-03-01,cairn,allowed,2\r\n2026-03-01,\'-x,"\'=HYPERLINK(""x"")",1\r\n');
  });
});
