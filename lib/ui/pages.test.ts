/**
 * The denial page a signed-in patron meets at /go/<slug>: reasons by the
 * directory's names, where to renew, the library's own words in the patron's
 * language, and a header that keeps the language switcher and sign-out.
 */
import { beforeAll, describe, expect, test, vi } from 'vitest';
import type { Directory } from '../access';

const DIRECTORY: Directory = {
  institutions: [
    { code: 'vs', names: { en: 'Valais Media Library', fr: 'Médiathèque Valais' }, renewUrl: 'https://www.mediatheque.ch/renew?a=1&b=2' },
    { code: 'evil', names: { en: '<script>alert(1)</script> & Co' } },
  ],
  patronTypes: [{ institution: 'vs', code: 'vs-pm', names: { en: 'Adult reader' } }],
};

let deniedPage: typeof import('./pages').deniedPage;

beforeAll(async () => {
  vi.stubEnv('APP_URL', 'http://localhost:3000');
  vi.stubEnv('SESSION_SECRET', 'pages-test-secret-0123456789abcdefghijkl');
  vi.stubEnv('RERO_CLIENT_ID', 'c');
  vi.stubEnv('RERO_CLIENT_SECRET', 's');
  vi.stubEnv('LIBRARY_CONTACT', 'desk@library.example');
  ({ deniedPage } = await import('./pages'));
});

const resource = { slug: 'cairn', name: 'Cairn', deniedMessage: { en: 'Ask at the desk.', fr: 'Demandez au guichet.' } };

describe('the denial page', () => {
  test('names, not codes; the renewal link; the library’s words in the language; language switcher and sign-out', async () => {
    const response = deniedPage('fr', resource, [{ code: 'membership-expired', institution: 'vs', expiredOn: '2024-03-31' }], DIRECTORY);
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('Votre inscription auprès de Médiathèque Valais a expiré le 31 mars 2024.');
    expect(html).toContain('<a class="inline" href="https://www.mediatheque.ch/renew?a=1&amp;b=2">Renouveler votre inscription auprès de Médiathèque Valais</a>');
    expect(html).toContain('Demandez au guichet.');
    expect(html).not.toContain('Ask at the desk.');
    expect(html).not.toMatch(/\bvs\b/);
    expect(html).toContain('<span aria-current="true" lang="fr">Français</span>');
    expect(html).toContain('href="/lang?to=de&amp;returnTo=%2Fgo%2Fcairn"');
    expect(html).toMatch(/<form class="signout" method="post" action="\/auth\/logout"><button type="submit">Se déconnecter<\/button><\/form>/);
  });

  test('each reason said once, in a paragraph of its own; the age kindly', async () => {
    const html = await deniedPage(
      'en',
      { slug: 'cairn', name: 'Cairn' },
      [
        { code: 'age', minAge: 18, age: 12 },
        { code: 'patron-type', institution: 'vs', patronType: 'vs-pm' },
      ],
      DIRECTORY,
    ).text();
    expect(html).toContain('<p>This resource is for readers aged 18 and over.</p><p>Your patron category at Valais Media Library, Adult reader, does not include this resource.</p>');
    expect(html).not.toMatch(/\b12\b/);
    // Without words of its own, the page says what to do; and who to ask, from LIBRARY_CONTACT.
    expect(html).toContain('If you think this is wrong, contact the library.');
    expect(html).toContain('desk@library.example');
  });

  test('without a renewal link, the library’s contact says whom to ask', async () => {
    const html = await deniedPage('en', { slug: 'x', name: 'X' }, [{ code: 'membership-expired', institution: 'rbnj', expiredOn: '2024-01-31' }]).text();
    expect(html).toContain('Your membership at rbnj expired on 31 January 2024.');
    expect(html).toContain('To renew it, contact the library: desk@library.example');
    // Said once: no second "Questions? Contact the library" with the same address.
    expect(html.split('desk@library.example')).toHaveLength(2);
  });

  test('a name with markup is shown as text', async () => {
    const html = await deniedPage('en', { slug: 'x', name: 'X' }, [{ code: 'institution', institutions: ['evil'] }], DIRECTORY).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(html).not.toContain('<script>');
  });
});
