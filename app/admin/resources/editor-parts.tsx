'use client';
/**
 * What the resource editor's sections share: the draft they edit, their
 * card, the question before leaving the draft unsaved, and the controls they
 * repeat — a field of codes, a checkbox with its hint, a short number field.
 */
import { useTranslations } from 'next-intl';
import { useEffect, type ReactNode, type Ref } from 'react';
import type { ResourceForm } from '@/lib/admin/resource-form';
import { Field } from '../_lib/form';
import { card, hint, input } from '../_lib/styles';

/** The form as its sections see it: the values, a setter per field, the ids of the controls, and the problems. */
export interface Draft {
  values: ResourceForm;
  set: <K extends keyof ResourceForm>(key: K) => (value: ResourceForm[K]) => void;
  /** A field's control id, unique to this form on the page; the list of problems links to it. */
  fid: (name: string) => string;
  errors: Record<string, string>;
}

/** One of the editor's cards, named by its heading (`id`); a heading that takes focus gets `headingRef`. */
export function Section({ id, title, headingRef, name, children }: { id: string; title: string; headingRef?: Ref<HTMLHeadingElement>; name?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={card} data-section={name}>
      <h2 id={id} ref={headingRef} tabIndex={headingRef ? -1 : undefined} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Leaving with changes not saved asks first (the browser's own question). */
export function useLeaveWarning(unsaved: boolean) {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Browsers before 2023 ask only when returnValue is set.
      event.returnValue = true;
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}

/** A text field for codes and identifiers: monospace, no autocompletion or spelling. */
export function CodeField({ id, name, text, help, error, value, placeholder, onChange, className = '' }: {
  id: string;
  name: string;
  text: string;
  help: string;
  error?: string | undefined;
  value: string;
  placeholder?: string;
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <Field id={id} name={name} text={text} hint={help} error={error}>
      {(control) => (
        <input {...control} name={name} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} className={`${input} font-mono ${className}`} />
      )}
    </Field>
  );
}

/** A criterion that is on or off: the checkbox in its label, its hint under it. */
export function CheckboxField({ draft: { values, set, fid }, name, className }: { draft: Draft; name: 'requireValidMembership' | 'enabled'; className?: string }) {
  const t = useTranslations('admin');
  return (
    <div data-field={name} className={className}>
      <label className="inline-flex items-center gap-2 font-semibold">
        <input id={fid(name)} type="checkbox" name={name} checked={values[name]} onChange={(e) => set(name)(e.target.checked)} aria-describedby={`${fid(name)}-hint`} className="h-5 w-5" />
        {t(`fields.${name}`)}
      </label>
      <span id={`${fid(name)}-hint`} className={hint}>
        {t(`hints.${name}`)}
      </span>
    </div>
  );
}

/** A short number field (days, years): typed as text, checked by the server. */
export function NumberField({ draft: { values, set, fid, errors }, name }: { draft: Draft; name: 'graceDays' | 'minAge' }) {
  const t = useTranslations('admin');
  return (
    <Field id={fid(name)} name={name} text={t(`fields.${name}`)} hint={t(`hints.${name}`)} error={errors[name]}>
      {(control) => <input {...control} name={name} inputMode="numeric" value={values[name]} onChange={(e) => set(name)(e.target.value)} className={`${input} max-w-40`} />}
    </Field>
  );
}
