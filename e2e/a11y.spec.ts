/**
 * Every page a patron meets, as a patron meets it: axe-core at WCAG 2.1 AA
 * with zero violations in the light and the dark colour scheme at phone and
 * desktop width (with E2E_SCREENSHOTS=1, a full-page screenshot of each:
 * test-results/screenshots/<page>-<width>-<scheme>.png), no sideways scrolling
 * from 320 px, keyboard use with a visible focus, and each language from
 * Accept-Language or the switcher.
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { audit, SCHEMES, violations } from './axe';
import { pageCsp } from '../lib/http';
import { E2E } from './env';
import { loginAtRero, signIn } from './helpers';

test.describe('every page a patron meets passes axe (WCAG 2.1 AA) in light and dark, at 375 and 1280 px', () => {
  test('the check itself fails a page that breaks rules, under the pages’ own CSP', async ({ page }) => {
    // Served by the browser itself: a picture without a text and a link without a name.
    await page.route('**/_axe-self-check', (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'content-security-policy': pageCsp('self-check') },
        body: '<!doctype html><html lang="en"><head><title>check</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="/"></a></main></body></html>',
      }),
    );
    await page.goto('/_axe-self-check');
    const found = await violations(page);
    expect(found.map((line) => line.split(' ')[0])).toEqual(['image-alt', 'link-name']);
  });

  test('home, signed out', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Sign in with RERO+' })).toBeVisible();
    await audit(page, 'home-signed-out');
  });

  test('home, signed in with open resources (louis)', async ({ page }) => {
    await signIn(page, 'louis');
    await expect(page.locator('[data-resource="cairn"]').getByRole('link', { name: 'Open Cairn.info' })).toBeVisible();
    await audit(page, 'home-louis');
  });

  test('home, signed in with every resource closed (marie)', async ({ page }) => {
    await signIn(page, 'marie');
    await expect(page.locator('[data-resource="cairn"]')).toContainText('Closed to you');
    await audit(page, 'home-marie');
  });

  test('the denial page (403), with the library to contact', async ({ page }) => {
    await signIn(page, 'marie');
    const response = await page.goto('/go/cairn');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'No access to Cairn.info' })).toBeVisible();
    await expect(page.getByText('Your membership at vs expired on 31 March 2024.')).toBeVisible();
    // Marie's membership expired and vs names no renewal link: the library's contact, once.
    await expect(page.getByText(`To renew it, contact the library: ${E2E.appEnv.LIBRARY_CONTACT}`)).toBeVisible();
    await expect(page.getByText(`Questions? Contact the library`)).toHaveCount(0);
    await expect(page.getByText(E2E.appEnv.LIBRARY_NAME, { exact: true })).toBeVisible();
    await audit(page, 'denied');
  });

  test('sign-in error: consent rejected at RERO+ (403)', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign in with RERO+' }).click();
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/auth/callback')), loginAtRero(page, 'louis', 'Reject')]);
    expect(response.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'You did not allow the sign-in' })).toBeVisible();
    await audit(page, 'signin-rejected');
  });

  test('sign-in error: a callback without a sign-in transaction (400)', async ({ page }) => {
    const response = await page.goto('/auth/callback?code=x&state=y');
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1, name: 'This sign-in link has expired' })).toBeVisible();
    await audit(page, 'signin-no-transaction');
  });

  test('an unknown e-resource (404)', async ({ page }) => {
    const response = await page.goto('/go/no-such-thing');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'No such e-resource' })).toBeVisible();
    await audit(page, 'unknown-resource');
  });

  test('signed out, after "Sign out"', async ({ page }) => {
    await signIn(page, 'marie');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/?signed-out=1`);
    await expect(page.getByRole('status')).toHaveText('You are signed out. To reach your e-resources again, sign in.');
    await expect(page.getByRole('link', { name: 'Sign in with RERO+' })).toBeVisible();
    await audit(page, 'signed-out');
  });

  test('a page that does not exist (/_not-found)', async ({ page }) => {
    const response = await page.goto('/_not-found');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await audit(page, 'not-found');
    expect((await page.goto('/no/such/page'))?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  });
});

/** WCAG 2.1 contrast of two computed CSS colours (rgb()/rgba(), opaque). */
function contrast(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r = 0, g = 0, bl = 0] = (colour.match(/[\d.]+/g) ?? []).map(Number);
    const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(bl);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The focus ring of `target` and the colour behind it (the nearest ancestor with a background). */
async function focusRing(target: Locator) {
  return target.evaluate((element) => {
    const style = getComputedStyle(element);
    let behind = element.parentElement;
    while (behind && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(behind).backgroundColor)) behind = behind.parentElement;
    return {
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      colour: style.outlineColor,
      background: behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)',
    };
  });
}

/** Presses Tab until `target` has the focus (at most `limit` times). */
async function tabTo(page: Page, target: Locator, limit = 25) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test.describe('by keyboard', () => {
  for (const colorScheme of SCHEMES) {
    test(`Tab reaches the sign-in button, which shows a visible focus ring (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/');
      const button = page.getByRole('link', { name: 'Sign in with RERO+' });
      const before = await focusRing(button);
      await tabTo(page, button);
      const ring = await focusRing(button);
      expect(before.style).toBe('none');
      expect(ring.style).not.toBe('none');
      expect(ring.width).toBeGreaterThanOrEqual(2);
      // WCAG 1.4.11: a focus indicator needs 3:1 against what surrounds it.
      expect(contrast(ring.colour, ring.background)).toBeGreaterThanOrEqual(3);
      await page.keyboard.press('Enter');
      await expect(page.getByLabel('Username')).toBeVisible();
    });
  }

  test('the first Tab shows the skip link, which leads to the content', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(20);
    expect((await focusRing(skip)).style).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
  });

  test('the language switcher works by keyboard, and the choice is remembered', async ({ page }) => {
    await page.goto('/');
    const francais = page.getByRole('link', { name: 'Français' });
    await tabTo(page, francais);
    expect((await focusRing(francais)).style).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect.soft(page.getByRole('navigation', { name: 'Langue' }).locator('[aria-current]')).toHaveText('Français');
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  });
});

/** What a patron reads in each language on the home and denial pages (marie: membership at vs ended 2024-03-31). */
const LANGUAGES = {
  fr: {
    welcome: 'Les ressources électroniques de votre bibliothèque',
    signIn: 'Se connecter avec RERO+',
    signedIn: 'Vous êtes connecté·e',
    denied: 'Pas d’accès à Cairn.info',
    reason: 'Votre inscription auprès de vs a expiré le 31 mars 2024.',
    contact: 'Contactez la bibliothèque',
    language: 'Langue',
  },
  de: {
    welcome: 'Die E-Ressourcen Ihrer Bibliothek',
    signIn: 'Mit RERO+ anmelden',
    signedIn: 'Sie sind angemeldet',
    denied: 'Kein Zugang zu Cairn.info',
    reason: 'Ihre Mitgliedschaft bei vs ist am 31. März 2024 abgelaufen.',
    contact: 'Wenden Sie sich an die Bibliothek',
    language: 'Sprache',
  },
  it: {
    welcome: 'Le risorse elettroniche della sua biblioteca',
    signIn: 'Accedi con RERO+',
    signedIn: 'Accesso effettuato',
    denied: 'Nessun accesso a Cairn.info',
    reason: 'La sua iscrizione presso vs è scaduta il 31 marzo 2024.',
    contact: 'Contatti la biblioteca',
    language: 'Lingua',
  },
  sv: {
    welcome: 'Ditt biblioteks e-resurser',
    signIn: 'Logga in med RERO+',
    signedIn: 'Du är inloggad',
    denied: 'Ingen åtkomst till Cairn.info',
    reason: 'Ditt medlemskap hos vs gick ut den 31 mars 2024.',
    contact: 'Kontakta biblioteket',
    language: 'Språk',
  },
  nb: {
    welcome: 'E-ressursene til biblioteket ditt',
    signIn: 'Logg inn med RERO+',
    signedIn: 'Du er logget inn',
    denied: 'Ingen tilgang til Cairn.info',
    reason: 'Medlemskapet ditt ved vs gikk ut 31. mars 2024.',
    contact: 'Kontakt biblioteket',
    language: 'Språk',
  },
} as const;

const BROWSER_LOCALES = { fr: 'fr-CH', de: 'de-CH', it: 'it-CH', sv: 'sv-SE', nb: 'nb-NO' } as const;

/** A new visitor whose browser asks for `language` first. */
async function visitor(browser: Browser, language: keyof typeof LANGUAGES) {
  const context = await browser.newContext({ locale: BROWSER_LOCALES[language], extraHTTPHeaders: { 'Accept-Language': `${language},en;q=0.5` } });
  return { context, page: await context.newPage() };
}

test.describe('in the patron’s language', () => {
  for (const [language, words] of Object.entries(LANGUAGES) as [keyof typeof LANGUAGES, (typeof LANGUAGES)[keyof typeof LANGUAGES]][]) {
    test(`Accept-Language: ${language} — the home and denial pages are in that language, with <html lang>`, async ({ browser }) => {
      const { context, page } = await visitor(browser, language);
      try {
        await page.goto('/');
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect.soft(page.getByRole('heading', { level: 1, name: words.welcome })).toBeVisible();
        await expect.soft(page.getByRole('link', { name: words.signIn })).toBeVisible();
        await expect.soft(page.getByRole('navigation', { name: words.language })).toBeVisible();
        expect.soft(await violations(page), `axe on the home page in ${language}`).toEqual([]);

        await page.goto('/auth/login');
        await loginAtRero(page, 'marie');
        await expect(page).toHaveURL(`${E2E.appUrl}/`);
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect.soft(page.getByRole('heading', { level: 1 })).toContainText(words.signedIn);
        // Marie's expired membership closes several resources: said once, above them.
        await expect(page.locator('[data-shared-reasons]')).toContainText(words.reason);

        const response = await page.goto('/go/cairn');
        expect(response?.status()).toBe(403);
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect(page.getByText(words.reason)).toBeVisible();
        await expect.soft(page.getByRole('heading', { level: 1, name: words.denied })).toBeVisible();
        await expect.soft(page.getByText(words.contact)).toBeVisible();
        expect.soft(await violations(page), `axe on the denial page in ${language}`).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  test('a language chosen with the switcher is remembered over Accept-Language, on pages and route handlers', async ({ browser }) => {
    const { context, page } = await visitor(browser, 'fr');
    try {
      await page.goto('/');
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      await page.getByRole('link', { name: 'Deutsch' }).click();
      await expect(page).toHaveURL(`${E2E.appUrl}/`);
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
      await expect.soft(page.getByRole('heading', { level: 1, name: LANGUAGES.de.welcome })).toBeVisible();

      const cookie = (await context.cookies()).find((c) => c.name === 'gw_lang');
      expect(cookie?.value).toBe('de');
      expect(cookie?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + 300 * 24 * 3600);

      const again = await context.newPage();
      await again.goto('/');
      await expect(again.locator('html')).toHaveAttribute('lang', 'de');
      expect((await again.goto('/go/no-such-thing'))?.status()).toBe(404);
      await expect(again.locator('html')).toHaveAttribute('lang', 'de');
      await expect.soft(again.getByRole('heading', { level: 1, name: 'Diese E-Ressource gibt es nicht' })).toBeVisible();
    } finally {
      await context.close();
    }
  });
});
