/**
 * The resource editor's pickers, rendered as the server renders them: with a
 * directory, institutions and patron types are chosen by name (checkboxes
 * carrying the codes), names the library wrote are text, and a librarian sees
 * their institutions' groups and any group the resource already names.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import { describe, expect, test, vi } from 'vitest';
import en from '../../../messages/en.json';
import { EMPTY_FORM, type LoadedForm } from '@/lib/admin/resource-form';

vi.mock('next/navigation', async () => (await import('@/lib/admin/test-next')).navigation);
vi.mock('next/cache', async () => (await import('@/lib/admin/test-next')).cache);
vi.mock('next/headers', async () => (await import('@/lib/admin/test-next')).nextHeaders);
vi.mock('next-intl/server', async () => (await import('@/lib/admin/test-next')).intl);
vi.mock('@/lib/runtime', async () => (await import('@/lib/admin/test-next')).runtime);

const { ResourceEditor } = await import('./editor');
type Props = Parameters<typeof ResourceEditor>[0];

const directory = {
  institutions: [
    { code: 'vs', name: '<img src=x onerror=alert(1)>Médiathèque Valais' },
    { code: 'rbnj', name: 'rbnj' },
    { code: 'ju', name: 'Jura' },
  ],
  patronTypes: [
    { code: 'vs-pm', name: '<b>Lecteur adulte</b>', institution: 'vs' },
    { code: 'rbnj-adult', name: 'Adulte RBNJ', institution: 'rbnj' },
  ],
};

function render(props: Partial<Props> & { initial?: LoadedForm } = {}): string {
  const children = createElement(ResourceEditor, { mode: 'create', initial: EMPTY_FORM, today: '2026-06-15', ...props });
  return renderToStaticMarkup(createElement(NextIntlClientProvider, { locale: 'en', timeZone: 'Europe/Zurich', messages: { admin: en.admin }, children }));
}

/** The form's inputs as [name, value, type, checked]. */
function inputs(html: string): { name: string; value: string; type: string; checked: boolean }[] {
  return [...html.matchAll(/<input ([^>]*)\/?>/g)].map(([, attributes = '']) => {
    const attribute = (name: string) => new RegExp(`(?:^| )${name}="([^"]*)"`).exec(attributes)?.[1];
    return { name: attribute('name') ?? '', value: attribute('value') ?? '', type: attribute('type') ?? 'text', checked: / checked=""/.test(` ${attributes}`) };
  });
}

const named = (html: string, name: string) => inputs(html).filter((i) => i.name === name).map((i) => `${i.type}:${i.value}${i.checked ? ':checked' : ''}`);

describe('the resource editor with a directory', () => {
  test('institutions and patron types are ticked by name, never typed; names are escaped', () => {
    const html = render({ directory, initial: { ...EMPTY_FORM, institutions: 'vs', patronTypes: 'vs-pm' } });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Lecteur');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;Médiathèque Valais');
    expect(html).toContain('&lt;b&gt;Lecteur adulte&lt;/b&gt;');
    expect(named(html, 'institutions')).toEqual(['checkbox:vs:checked', 'checkbox:rbnj', 'checkbox:ju']);
    expect(named(html, 'patronTypes')).toEqual(['checkbox:vs-pm:checked', 'checkbox:rbnj-adult']);
    expect(html).toContain(en.admin.hints.institutionsPicker);
    // An institution without patron types says so.
    expect(html).toContain(en.admin.editor.noPatronTypes);
  });

  test('a librarian of vs: their institution to tick; patron types of vs, and of rbnj only because the resource names one', () => {
    const html = render({ directory, scope: ['vs'], initial: { ...EMPTY_FORM, institutions: 'vs', patronTypes: 'rbnj-adult' } });
    expect(named(html, 'institutions')).toEqual(['checkbox:vs:checked']);
    expect(named(html, 'patronTypes')).toEqual(['checkbox:vs-pm', 'checkbox:rbnj-adult:checked']);
    expect(html).not.toContain('Jura');
  });

  test('without a directory, codes are typed as before', () => {
    const html = render({ initial: { ...EMPTY_FORM, institutions: 'vs, rbnj', patronTypes: 'vs-pm' } });
    expect(named(html, 'institutions')).toEqual(['text:vs, rbnj']);
    expect(named(html, 'patronTypes')).toEqual(['text:vs-pm']);
  });
});
