/**
 * axe-core at WCAG 2.1 AA, as every journey that checks a page runs it: in the
 * light and the dark colour scheme, at phone and desktop width, and no sideways
 * scrolling from 320 px; with E2E_SCREENSHOTS=1 a full-page screenshot of each
 * (test-results/screenshots/<page>-<width>-<scheme>.png, e2e/screenshots.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import axe, { type AxeResults } from 'axe-core';
import { expect, type Page } from '@playwright/test';
import { screenshot } from './screenshots';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [375, 1280] as const;
/** The narrowest phone the pages are made for (WCAG 1.4.10 Reflow: 320 CSS px). */
const NARROWEST = 320;

type Violations = AxeResults['violations'];

/**
 * axe-core's violations at WCAG 2.1 AA, one line per violation and element, so
 * a failure says what to fix where.
 *
 * axe runs in the page itself, injected once per document. AxeBuilder
 * (@axe-core/playwright) runs it in every frame and merges the results in a
 * second, blank page, which costs seconds per run; for a page without frames
 * (every page of the gateway) the page's own run is the same check, so only a
 * page with frames goes through AxeBuilder.
 */
export async function violations(page: Page): Promise<string[]> {
  // Next streams a page's metadata, and renders it again after a server action: the
  // <title> can come a moment after the content. axe reads the page once it is there
  // (a page without one still fails, here or in axe's document-title rule).
  await expect(page, 'the page has a title').toHaveTitle(/\S/);
  const found: Violations =
    page.frames().length > 1
      ? (await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze()).violations
      : await page.evaluate(
          async ({ source, tags }) => {
            const scope = window as unknown as { axe?: typeof axe };
            // axe-core's own source, evaluated in the page as AxeBuilder injects it.
            if (!scope.axe) (0, eval)(source);
            const results = await scope.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return results.violations;
          },
          { source: axe.source, tags: WCAG_21_AA },
        );
  return found.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ')}`));
}

/** axe in both schemes at both widths, a screenshot of each (when asked for), and no horizontal scroll down to 320 px. */
export async function audit(page: Page, name: string) {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const width of [NARROWEST, ...WIDTHS]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect.soft(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      if (width === NARROWEST) continue;
      expect.soft(await violations(page), `axe on ${name} at ${width} px, ${colorScheme}`).toEqual([]);
      await screenshot(page, `${name}-${width}-${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
