'use client';
/**
 * The parts of the connection form's sections: the field ids, each field's
 * words (from the messages where they name it, else the setting itself), a
 * field that says whether it must be filled in, and a setting's control.
 */
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { ConnectionFormSpec, FormField } from '@/lib/admin/connections';
import { Field, type FieldControl } from '../_lib/form';
import { card, input, muted } from '../_lib/styles';

/** What every section of the form reads: the provider's fields, the problems, and the value each field starts with. */
export interface SectionProps {
  spec: ConnectionFormSpec;
  errors: Record<string, string>;
  value: (name: string) => string;
}

/** `endpoints.token` → `connection-endpoints-token`: the list of problems links to these. */
export const fieldId = (name: string) => `connection-${name.replace(/\./g, '-')}`;

/** A field's label and hint: the provider's settings are named in the messages where they are known. */
export function useFieldWords() {
  const t = useTranslations('admin');
  const has = (key: string) => t.has(key);
  return {
    label: (name: string) => (has(`connections.fields.${name}`) ? t(`connections.fields.${name}`) : name),
    hint: (name: string) => (has(`connections.hints.${name}`) ? t(`connections.hints.${name}`) : undefined),
  };
}

/** One field of the form. Every field says whether it must be filled in, except one that cannot be changed (required left out). */
export function ConnectionField({ name, required, state, hint, error, children }: {
  name: string;
  required?: boolean;
  state?: ReactNode;
  hint?: ReactNode;
  error: string | undefined;
  children: (control: FieldControl) => ReactNode;
}) {
  const t = useTranslations('admin');
  const words = useFieldWords();
  return (
    <Field id={fieldId(name)} name={name} text={words.label(name)} required={required} optional={required === undefined ? undefined : t('connections.form.optional')} state={state} hint={hint} error={error}>
      {children}
    </Field>
  );
}

/**
 * A setting's control: a text area for PEM values, else one line. A secret's
 * is a password field that never shows a value, and is closed when secrets
 * cannot be stored.
 */
export function SettingInput({ control, field, defaultValue, required, disabled }: {
  control: FieldControl;
  field: Pick<FormField, 'name' | 'secret' | 'multiline'>;
  defaultValue: string;
  required: boolean;
  disabled?: boolean;
}) {
  const closable = field.secret ? ' disabled:opacity-60' : '';
  const common = { ...control, name: field.name, spellCheck: false, defaultValue, disabled, 'aria-required': required };
  return field.multiline ? (
    <textarea {...common} rows={6} autoComplete="off" className={`${input} font-mono text-sm${closable}`} />
  ) : field.secret ? (
    <input {...common} type="password" autoComplete="new-password" className={`${input} font-mono${closable}`} />
  ) : (
    <input {...common} autoComplete="off" className={`${input} font-mono`} />
  );
}

/** One of the form's sections: a card under its legend, with an introduction where it has one. */
export function Section({ legend, intro, children }: { legend: string; intro?: string; children: ReactNode }) {
  return (
    <fieldset className={`${card} space-y-5`}>
      <legend className="px-1 text-lg font-semibold">{legend}</legend>
      {intro ? <p className={muted}>{intro}</p> : null}
      {children}
    </fieldset>
  );
}
