/**
 * The admin forms' shared parts: a labelled field with its hint and error, a
 * group of choices under a legend, the list of a form's problems at its top,
 * the "working" line while an action runs, and the buttons that end a form. Each control is read with its
 * label, its hint and its error (aria-describedby), and says when it is in
 * error (aria-invalid), so that a screen reader hears what a sighted reader sees.
 */
import { useTranslations } from 'next-intl';
import type { ReactNode, Ref } from 'react';
import { fieldError, hint as hintClass, label, noticeError, primaryButton, requiredMark, secondaryButton, small } from './styles';

/** The ids that describe a control (its hint, its error…), or none: an empty aria-describedby would point at nothing. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/** What a field hands its control: the id its label points at, what describes it, whether it is in error. */
export interface FieldControl {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean;
}

/** A field's problem, under it; the id is what the control's aria-describedby names. */
export function FieldError({ id, error }: { id: string; error?: string | undefined }) {
  return error ? (
    <span id={id} className={fieldError}>
      {error}
    </span>
  ) : null;
}

/** "(required)" — or another word such as "(optional)" — after a label, not by colour alone. */
function Mark({ word }: { word: string }) {
  return <span className={requiredMark}> ({word})</span>;
}

export interface FieldProps {
  /** The control's id; its hint, state and error are `${id}-hint`, `${id}-state` and `${id}-error`. */
  id: string;
  /** The form field's name, as `data-field` on the row (where the form marks its rows). */
  name?: string;
  text: ReactNode;
  /** Says "(required)" after the label. */
  required?: boolean;
  /** Said instead when the field is not required, in forms where every field says which it is. */
  optional?: string;
  /** Read with the field before its hint (whether a secret is stored). */
  state?: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  /** Shown under the field and its error (examples, links). */
  after?: ReactNode;
  children: (control: FieldControl) => ReactNode;
}

/** One labelled field: label, state, hint, the control, its error. */
export function Field({ id, name, text, required, optional, state, hint, error, className, after, children }: FieldProps) {
  const t = useTranslations('admin');
  const word = required ? t('required') : optional;
  const control: FieldControl = {
    id,
    'aria-describedby': describedBy(state ? `${id}-state` : false, hint ? `${id}-hint` : false, error ? `${id}-error` : false),
    'aria-invalid': Boolean(error),
  };
  return (
    <div data-field={name} className={className}>
      <label htmlFor={id} className={label}>
        {text}
        {word ? <Mark word={word} /> : null}
      </label>
      {state ? (
        <span id={`${id}-state`} className="mt-1 block">
          {state}
        </span>
      ) : null}
      {hint ? (
        <span id={`${id}-hint`} className={hintClass}>
          {hint}
        </span>
      ) : null}
      {children(control)}
      <FieldError id={`${id}-error`} error={error} />
      {after}
    </div>
  );
}

/**
 * A group of choices (checkboxes, radio buttons) under a legend, with its hint
 * and error. `id` is the first choice's: the form's list of problems links to it.
 */
export function Choices({ id, name, legend, hint, error, className, children }: {
  id: string;
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  children: ReactNode;
}) {
  return (
    <fieldset data-field={name} aria-describedby={describedBy(hint ? `${id}-hint` : false, error ? `${id}-error` : false)} className={className}>
      <legend className={label}>{legend}</legend>
      {hint ? (
        <span id={`${id}-hint`} className={hintClass}>
          {hint}
        </span>
      ) : null}
      {children}
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}

/** The fields of `order` that have a problem, in that order: the order the form shows them. */
export function inOrder(order: readonly string[], errors: Record<string, string>): { name: string; message: string }[] {
  return order.flatMap((name) => (errors[name] ? [{ name, message: errors[name] }] : []));
}

/**
 * A refused submission's problems at the top of the form, where focus goes
 * (hence the ref and tabIndex): the sentence, problems of no one field, then
 * each field's problem as a link to that field.
 */
export function ErrorList({ ref, message, problems = [], fields, target, text = (field) => field.message, children }: {
  ref?: Ref<HTMLDivElement>;
  message?: string | undefined;
  problems?: readonly string[];
  fields: { name: string; message: string }[];
  /** The id of the field's control. */
  target: (name: string) => string;
  text?: (field: { name: string; message: string }) => ReactNode;
  /** Said after the list (what to do next). */
  children?: ReactNode;
}) {
  return (
    <div ref={ref} tabIndex={-1} role="alert" className={noticeError} data-testid="form-problems">
      {message ? <p className="font-semibold">{message}</p> : null}
      {fields.length > 0 || problems.length > 0 ? (
        <ul className="mt-2 list-disc pl-5">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
          {fields.map((field) => (
            <li key={field.name}>
              <a href={`#${target(field.name)}`} className="underline underline-offset-2">
                {text(field)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}

/** "Working…" while an action runs, said to screen readers too. */
export function Working({ when }: { when: boolean }) {
  const t = useTranslations('admin');
  return when ? (
    <span role="status" className={small}>
      {t('editor.working')}
    </span>
  ) : null;
}

/** A form's last row: the submit button (with its intent, where the form has several), the way out without saving, and "Working…". */
export function FormButtons({ pending, submit, intent, cancel }: { pending: boolean; submit: string; intent?: string; cancel: { href: string; text: string } }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="submit" name={intent ? 'intent' : undefined} value={intent} disabled={pending} className={primaryButton}>
        {submit}
      </button>
      <a href={cancel.href} className={secondaryButton}>
        {cancel.text}
      </a>
      <Working when={pending} />
    </div>
  );
}
