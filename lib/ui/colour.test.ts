import { describe, expect, test } from 'vitest';
import { BACKGROUNDS, brandColours, contrast, readableOn, textOn } from './colour';

describe('contrast (WCAG 2.1)', () => {
  test('black on white is 21:1, a colour on itself 1:1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#0b5cad', '#0b5cad')).toBe(1);
  });

  test('textOn picks the readable one of black and white', () => {
    expect(textOn('#0b5cad')).toBe('#ffffff');
    expect(textOn('#ffd400')).toBe('#000000');
  });
});

describe('brand colours', () => {
  test('an accent that already reads well on light backgrounds is kept as configured', () => {
    expect(brandColours('#0b5cad').light.accent).toBe('#0b5cad');
  });

  test('readableOn keeps the hue and moves toward black on light, white on dark', () => {
    const light = readableOn('#ffd400', ['#ffffff']);
    expect(contrast(light, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(parseInt(light.slice(1, 3), 16)).toBeGreaterThan(parseInt(light.slice(5, 7), 16)); // still yellow-ish: red above blue
    const dark = readableOn('#0b5cad', ['#0f172a']);
    expect(contrast(dark, '#0f172a')).toBeGreaterThanOrEqual(4.5);
  });

  test.each(['#0b5cad', '#ffd400', '#e30613', '#00a651', '#000000', '#ffffff', '#7f7f7f', '#1d1d1b', '#6b2c91'])(
    '%s holds 4.5:1 on page and card, and its text 4.5:1 on it, in both schemes',
    (accent) => {
      const brand = brandColours(accent);
      for (const scheme of ['light', 'dark'] as const) {
        const { accent: colour, onAccent } = brand[scheme];
        expect(contrast(colour, BACKGROUNDS[scheme].page)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(colour, BACKGROUNDS[scheme].card)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(onAccent, colour)).toBeGreaterThanOrEqual(4.5);
      }
    },
  );
});
