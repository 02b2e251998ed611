/** WCAG 2.1 relative luminance and contrast, to pick readable text on the library's accent colour. */
function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background`. */
export function textOn(background: string): '#000000' | '#ffffff' {
  return contrast(background, '#ffffff') >= contrast(background, '#000000') ? '#ffffff' : '#000000';
}

/** The backgrounds a brand colour sits on, per scheme: Tailwind's slate-50/white and slate-950/slate-900, as the pages use them. */
export const BACKGROUNDS = {
  light: { page: '#f8fafc', card: '#ffffff' },
  dark: { page: '#020617', card: '#0f172a' },
} as const;

function mix(hex: string, toward: '#000000' | '#ffffff', amount: number): string {
  const from = parseInt(hex.slice(1), 16);
  const to = toward === '#ffffff' ? 255 : 0;
  const channels = [16, 8, 0].map((shift) => Math.round(((from >> shift) & 255) * (1 - amount) + to * amount));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * `colour`, darkened (on light backgrounds) or lightened (on dark ones) just
 * enough to reach `min` contrast with every background: the brand's hue,
 * readable as text (WCAG 1.4.3, 4.5:1) and as a focus ring (1.4.11, 3:1).
 */
export function readableOn(colour: string, backgrounds: readonly string[], min = 4.5): string {
  const toward = backgrounds.every((background) => luminance(background) > 0.18) ? '#000000' : '#ffffff';
  for (let step = 0; step <= 20; step++) {
    const candidate = mix(colour, toward, step / 20);
    if (backgrounds.every((background) => contrast(candidate, background) >= min)) return candidate;
  }
  return toward;
}

export interface BrandColours {
  /** Buttons, links and focus rings: 4.5:1 against the scheme's page and card. */
  accent: string;
  /** Text on `accent`. */
  onAccent: '#000000' | '#ffffff';
}

/** The library's accent for each colour scheme (LIBRARY_ACCENT as configured wherever it already reads well). */
export function brandColours(accent: string): Record<keyof typeof BACKGROUNDS, BrandColours> {
  const scheme = (backgrounds: { page: string; card: string }): BrandColours => {
    const readable = readableOn(accent, [backgrounds.page, backgrounds.card]);
    return { accent: readable, onAccent: textOn(readable) };
  };
  return { light: scheme(BACKGROUNDS.light), dark: scheme(BACKGROUNDS.dark) };
}
