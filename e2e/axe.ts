/**
 * axe-core at WCAG 2.1 AA, as every journey that checks a page runs it: in the
 * light and the dark colour scheme, at phone and desktop width, with a
 * full-page screenshot of each (test-results/screenshots/<page>-<width>-<scheme>.png)
 * and no sideways scrolling from 320 px.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [375, 1280] as const;
/** The narrowest phone the pages are made for (WCAG 1.4.10 Reflow: 320 CSS px). */
const NARROWEST = 320;

/** One line per violation and element, so a failure says what to fix where. */
export async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ')}`));
}

/** axe in both schemes at both widths, a screenshot of each, and no horizontal scroll down to 320 px. */
export async function audit(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const width of [NARROWEST, ...WIDTHS]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect.soft(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      if (width === NARROWEST) continue;
      expect.soft(await violations(page), `axe on ${name} at ${width} px, ${colorScheme}`).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}-${colorScheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
