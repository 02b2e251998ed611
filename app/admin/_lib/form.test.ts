/**
 * The admin forms' shared field and list of problems, rendered as the server
 * renders them: a label names its control, the hint and the error describe it
 * (and only when they are there), a field in error says so, and each problem
 * at the top links to its field.
 */
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import { describe, expect, test } from 'vitest';
import en from '../../../messages/en.json';
import { Choices, ErrorList, Field, FormButtons, inOrder, Working, type FieldControl } from './form';

const html = (node: ReactNode) => renderToStaticMarkup(createElement(NextIntlClientProvider, { locale: 'en', timeZone: 'Europe/Zurich', messages: { admin: en.admin }, children: node }));

const input = (control: FieldControl) => createElement('input', { ...control, name: 'slug' });

/** The attributes of the first tag named `tag` that has `id`. */
function tag(markup: string, name: string, id: string): string {
  const found = new RegExp(`<${name} [^>]*id="${id}"[^>]*>`).exec(markup);
  if (!found) throw new Error(`no <${name} id="${id}"> in ${markup}`);
  return found[0];
}

describe('Field', () => {
  test('the label names the control; hint and error describe it; the error marks it invalid', () => {
    const markup = html(createElement(Field, { id: 'f-slug', name: 'slug', text: 'Short name', hint: 'Lowercase letters', error: 'Give a short name', required: true, children: input }));
    expect(markup).toContain('<div data-field="slug">');
    expect(markup).toContain(`<label for="f-slug" class="block font-semibold">Short name<span class="font-normal text-slate-600 dark:text-slate-400"> (${en.admin.required})</span></label>`);
    const control = tag(markup, 'input', 'f-slug');
    expect(control).toContain('aria-describedby="f-slug-hint f-slug-error"');
    expect(control).toContain('aria-invalid="true"');
    expect(tag(markup, 'span', 'f-slug-hint')).toBeTruthy();
    expect(markup).toMatch(/<span id="f-slug-error" class="[^"]*">Give a short name<\/span>/);
    // The order a reader meets them: label, hint, control, error.
    expect(markup.indexOf('f-slug-hint"')).toBeLessThan(markup.indexOf('<input'));
    expect(markup.indexOf('<input')).toBeLessThan(markup.indexOf('id="f-slug-error"'));
  });

  test('without an error: described by the hint alone, not invalid, no error element', () => {
    const markup = html(createElement(Field, { id: 'f-name', text: 'Name', hint: 'As patrons see it', children: input }));
    const control = tag(markup, 'input', 'f-name');
    expect(control).toContain('aria-describedby="f-name-hint"');
    expect(control).toContain('aria-invalid="false"');
    expect(markup).not.toContain('f-name-error');
    expect(markup).not.toContain(en.admin.required);
    expect(markup).toContain('<div>');
  });

  test('with neither hint nor error: no aria-describedby at all; a state is read before the hint; "optional" where asked', () => {
    const bare = html(createElement(Field, { id: 'f-a', text: 'A', children: input }));
    expect(tag(bare, 'input', 'f-a')).not.toContain('aria-describedby');
    const secret = html(createElement(Field, { id: 'f-s', text: 'Secret', state: 'Stored', hint: 'Leave empty to keep it', optional: 'optional', children: input }));
    expect(tag(secret, 'input', 'f-s')).toContain('aria-describedby="f-s-state f-s-hint"');
    expect(secret).toContain('Secret<span class="font-normal text-slate-600 dark:text-slate-400"> (optional)</span>');
  });
});

describe('Choices', () => {
  test('the fieldset is described by its hint and error, by id of its first choice', () => {
    const markup = html(createElement(Choices, { id: 'f-inst', name: 'institutions', legend: 'Institutions', hint: 'Tick', error: 'Tick one', children: createElement('input', { id: 'f-inst', type: 'checkbox' }) }));
    expect(markup).toMatch(/^<fieldset data-field="institutions" aria-describedby="f-inst-hint f-inst-error"><legend class="block font-semibold">Institutions<\/legend>/);
    expect(markup).toContain('id="f-inst-error"');
    const plain = html(createElement(Choices, { id: 'f-r', name: 'releaseId', legend: 'Identifier', children: null }));
    expect(plain).toMatch(/^<fieldset data-field="releaseId"><legend/);
  });
});

describe('ErrorList', () => {
  test('an alert with the sentence, then problems of no field, then each field problem linking to its field', () => {
    const fields = inOrder(['slug', 'name', 'url'], { url: 'Give an address', slug: 'Give a short name' });
    expect(fields).toEqual([
      { name: 'slug', message: 'Give a short name' },
      { name: 'url', message: 'Give an address' },
    ]);
    const markup = html(createElement(ErrorList, { message: 'Not saved', problems: ['The store said no'], fields, target: (name: string) => `f-${name}` }));
    expect(markup).toMatch(/^<div tabindex="-1" role="alert" class="[^"]*" data-testid="form-problems"><p class="font-semibold">Not saved<\/p>/);
    expect(markup).toContain('<li>The store said no</li><li><a href="#f-slug" class="underline underline-offset-2">Give a short name</a></li><li><a href="#f-url"');
  });

  test('no list without problems; a field may be named in its link', () => {
    expect(html(createElement(ErrorList, { message: 'Changed meanwhile', fields: [], target: String }))).not.toContain('<ul');
    const named = html(createElement(ErrorList, { fields: [{ name: 'clientId', message: 'missing' }], target: (name: string) => `c-${name}`, text: ({ name, message }: { name: string; message: string }) => `${name}: ${message}` }));
    expect(named).toContain('<a href="#c-clientId" class="underline underline-offset-2">clientId: missing</a>');
    expect(named).not.toContain('font-semibold');
  });
});

test('Working is said only while the action runs', () => {
  expect(html(createElement(Working, { when: false }))).toBe('');
  expect(html(createElement(Working, { when: true }))).toContain(`role="status"`);
});

test('FormButtons: the submit button carries its intent only where the form has several', () => {
  const cancel = { href: '/admin', text: 'Cancel' };
  const saving = html(createElement(FormButtons, { pending: false, submit: 'Save changes', intent: 'save', cancel }));
  expect(saving).toMatch(/<button type="submit" [^>]*>Save changes<\/button><a href="\/admin"[^>]*>Cancel<\/a><\/div>$/);
  expect(saving).toContain(' name="intent"');
  expect(saving).toContain(' value="save"');
  expect(saving).not.toContain('disabled=""');
  const plain = html(createElement(FormButtons, { pending: true, submit: 'Save', cancel }));
  expect(plain).not.toContain('name="intent"');
  expect(plain).toContain('disabled=""');
  expect(plain).toContain('role="status"');
});
