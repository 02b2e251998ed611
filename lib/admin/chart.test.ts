import { describe, expect, test } from 'vitest';
import { escapeXml, niceTicks, renderStackedBarChart } from './chart';

const days = ['2026-06-01', '2026-06-02', '2026-06-03'];
const values: Record<string, Record<string, number>> = {
  '2026-06-01': { allowed: 4, age: 1 },
  '2026-06-02': {},
  '2026-06-03': { allowed: 10, age: 3 },
};

const chart = (overrides: Partial<Parameters<typeof renderStackedBarChart>[0]> = {}) =>
  renderStackedBarChart({
    id: 'chart-cairn',
    title: 'Allowed and refused per day: Cairn <&>',
    description: 'Cairn: 14 allowed, 4 refused (age 4).',
    categories: days.map((day) => ({ key: day, label: day, shortLabel: day.slice(8) })),
    series: [
      { key: 'allowed', label: 'Allowed', colour: '#009E73' },
      { key: 'age', label: 'Refused: age', colour: '#CC79A7' },
    ],
    value: (day, key) => values[day]?.[key] ?? 0,
    axisLabel: 'Decisions per day',
    ...overrides,
  });

describe('the SVG chart', () => {
  test('is an image named by its title and described by its desc, texts escaped', () => {
    const svg = chart();
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="chart-cairn-title chart-cairn-desc"/);
    expect(svg).toContain('<title id="chart-cairn-title">Allowed and refused per day: Cairn &lt;&amp;&gt;</title>');
    expect(svg).toContain('<desc id="chart-cairn-desc">Cairn: 14 allowed, 4 refused (age 4).</desc>');
    expect(svg).not.toContain('<&>');
  });

  test('stacks one rectangle per non-zero count, allowed at the bottom', () => {
    const svg = chart();
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"[^>]*data-series="(\w+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), h: Number(m[3]), series: m[4] }));
    expect(rects.map((r) => r.series)).toEqual(['allowed', 'age', 'allowed', 'age']);
    const [allowed, age] = rects;
    // The refused part sits on top of the allowed one, in the same bar.
    expect(allowed && age && Math.abs(age.y + age.h - allowed.y) < 0.2).toBe(true);
    expect(allowed?.x).toBe(age?.x);
    // 13 on the last day is taller than 5 on the first.
    expect((rects[2]?.h ?? 0) + (rects[3]?.h ?? 0)).toBeGreaterThan((rects[0]?.h ?? 0) + (rects[1]?.h ?? 0));
    expect(svg).toContain('<title>2026-06-03 · Refused: age: 3</title>');
  });

  test('an empty range draws axes and no bars', () => {
    const svg = chart({ value: () => 0 });
    expect(svg).not.toContain('<rect');
    expect(svg).toContain('>0</text>');
  });

  test('labels at most about a dozen days, always the last', () => {
    const many = Array.from({ length: 90 }, (_, i) => `2026-01-${String(i).padStart(2, '0')}`);
    const svg = chart({ categories: many.map((key, i) => ({ key, label: key, shortLabel: `d${i}` })), value: () => 1 });
    const labels = [...svg.matchAll(/text-anchor="middle"[^>]*>(d\d+)</g)].map((m) => m[1]);
    expect(labels.length).toBeLessThanOrEqual(13);
    expect(labels.at(-1)).toBe('d89');
    expect(labels[0]).toBe('d0');
  });
});

describe('ticks', () => {
  test.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [4, [0, 1, 2, 3, 4]],
    [13, [0, 5, 10, 15]],
    [97, [0, 50, 100]],
    [1234, [0, 500, 1000, 1500]],
  ])('up to %i', (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });

  test('escapes XML', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

test('never drawn narrower than its width: the labels keep their size on a phone', () => {
  const svg = renderStackedBarChart({
    id: 'c',
    title: 'T',
    description: 'D',
    categories: [{ key: 'a', label: 'A', shortLabel: 'A' }],
    series: [{ key: 's', label: 'S', colour: '#000' }],
    value: () => 1,
    axisLabel: 'n',
    width: 600,
  });
  expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 600 240" width="100%" style="min-width: 600px"[^>]* font-size="11">/);
});
