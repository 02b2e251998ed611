/**
 * Screenshots of the pages the journeys visit, for people to look at:
 * taken only when E2E_SCREENSHOTS=1 (`E2E_SCREENSHOTS=1 npx playwright test e2e/a11y.spec.ts`),
 * into test-results/screenshots/<name>.png. No journey asserts on them, and a
 * full-page screenshot costs up to a second of CPU, so `npm test` takes none.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';

/** A full-page screenshot of `page` (or one of `locator`) as `<name>.png`, when E2E_SCREENSHOTS=1. */
export async function screenshot(target: Page | Locator, name: string) {
  if (process.env.E2E_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}/${name}.png`;
  await ('goto' in target ? target.screenshot({ path, fullPage: true }) : target.screenshot({ path }));
}
