import { describe, expect, test } from 'vitest';
import { renderHtmlPage } from './html-page';

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
