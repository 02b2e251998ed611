/**
 * The difference as the transfer page renders it: every kind says so in
 * words (not colour alone), and names the library wrote are text, whatever
 * markup they hold.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import { describe, expect, test } from 'vitest';
import en from '../../../messages/en.json';
import type { ImportPreviewView } from '../_lib/types';
import { Difference } from './difference';

function render(preview: ImportPreviewView, applied = false): string {
  const children = createElement(Difference, { preview, applied });
  return renderToStaticMarkup(createElement(NextIntlClientProvider, { locale: 'en', timeZone: 'Europe/Zurich', messages: { admin: en.admin }, children }));
}

const preview: ImportPreviewView = {
  keepsDirectory: false,
  keepsConnections: true,
  sections: [
    {
      id: 'institutions',
      added: 1,
      changed: 1,
      removed: 0,
      entries: [
        { kind: 'added', key: 'vs', name: '<img src=x onerror=alert(1)> Médiathèque & "Valais"', fields: [] },
        { kind: 'changed', key: 'rbnj', name: '<script>alert(2)</script>', fields: [{ path: 'names.fr', before: '"<b>old</b>"', after: '"<i>new</i>"' }, { path: 'renewUrl', after: '"https://x.example/"' }] },
      ],
    },
  ],
};

describe('the difference on the transfer page', () => {
  test('library-written names and values are escaped, never markup', () => {
    const html = render(preview);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>old');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Médiathèque &amp; &quot;Valais&quot;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&quot;&lt;b&gt;old&lt;/b&gt;&quot;');
  });

  test('each entry says in words what happens to it; fields read before and after; what stays is said', () => {
    const html = render(preview);
    expect(html).toContain('What this import would change');
    expect(html).toContain('Nothing has been imported yet.');
    expect(html).toContain('Institutions');
    expect(html).toContain('(1 added, 1 changed, 0 removed)');
    expect(html).toMatch(/data-change="added"[^>]*><span[^>]*>Added<\/span>/);
    expect(html).toMatch(/data-change="changed"[^>]*><span[^>]*>Changed<\/span>/);
    expect(html).toContain('<span class="sr-only">Before</span>');
    expect(html).toContain('(none)');
    expect(html).toContain('The document has no provider connections: the stored ones stay as they are.');
    expect(html).not.toContain('The document has no directory');
  });

  test('after the import: its own title, and an empty difference says so', () => {
    const html = render({ sections: [], keepsDirectory: false, keepsConnections: false }, true);
    expect(html).toContain('What the import changed');
    expect(html).toContain('This document changes nothing.');
  });
});
