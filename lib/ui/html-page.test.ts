import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { renderHtmlPage } from './html-page';
import { pageIcon } from './pages';

describe('renderHtmlPage', () => {
  const base = { status: 403, title: 'No access to <Cairn>', message: 'Because "reasons" & more.', lang: 'fr' };

  test('escapes every value and sets <html lang>', () => {
    const html = renderHtmlPage({ ...base, library: 'Biblio <b>', actions: [{ label: 'Go', href: '/?a=1&b="2"', primary: true }] });
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('<h1>No access to &lt;Cairn&gt;</h1>');
    expect(html).toContain('Because &quot;reasons&quot; &amp; more.');
    expect(html).toContain('<span>Biblio &lt;b&gt;</span>');
    expect(html).toContain('href="/?a=1&amp;b=&quot;2&quot;"');
    expect(html).not.toContain('<b>');
  });

  test('names the library in a header linking home, with its logo, and in the title', () => {
    const html = renderHtmlPage({ ...base, library: 'Médiathèque', logoUrl: '/logo.svg' });
    expect(html).toMatch(/<header><div class="bar"><a class="brand" href="\/"><img src="\/logo.svg" alt=""><span>Médiathèque<\/span><\/a>/);
    expect(html).toContain('<title>No access to &lt;Cairn&gt; — Médiathèque</title>');
  });

  test('an icon in the tab: the library’s logo where configured, else the gateway’s own', () => {
    expect(renderHtmlPage({ ...base, iconUrl: 'https://gw.example/favicon.ico' })).toContain('<link rel="icon" href="https://gw.example/favicon.ico">');
    expect(pageIcon({ APP_URL: 'https://gw.example', LIBRARY_LOGO_URL: '/logo.svg' })).toBe('https://gw.example/logo.svg');
    expect(pageIcon({ APP_URL: 'https://gw.example', LIBRARY_LOGO_URL: 'https://cdn.example/logo.png' })).toBe('https://cdn.example/logo.png');
    expect(pageIcon({ APP_URL: 'https://gw.example' })).toBe('https://gw.example/favicon.ico');
    // /favicon.ico is a real icon (public/), not a 404: 16, 32 and 48 px.
    const ico = readFileSync(new URL('../../public/favicon.ico', import.meta.url));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 3]);
  });

  test('whom to contact is a paragraph of its own', () => {
    const html = renderHtmlPage({ ...base, detail: 'Licensed for adults.', contact: 'Questions? Contact the library: desk@example.org' });
    expect(html).toContain('<p class="detail">Licensed for adults.</p>');
    expect(html).toContain('<p class="contact">Questions? Contact the library: desk@example.org</p>');
  });

  test('the accent arrives per scheme, readable in each', () => {
    expect(renderHtmlPage({ ...base, accent: '#0b5cad' })).toContain(
      'style="--brand-accent:#0b5cad;--brand-on-accent:#ffffff;--brand-accent-dark:#4885c2;--brand-on-accent-dark:#000000"',
    );
    expect(renderHtmlPage(base)).not.toContain('--brand-accent:');
  });
});
