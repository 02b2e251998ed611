'use client';
/**
 * The resource editor: the criteria as a form a librarian fills in, "Save",
 * and "Try these criteria" — the unsaved form judged against sample patrons
 * (and a pasted one) beside the saved criteria, before anything is stored.
 * Works without JavaScript (the server action renders the state); with it,
 * the fields keep their values and focus goes to what needs attention.
 */
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ResourceForm } from '@/lib/admin/resource-form';
import { editorAction } from '../actions';
import type { EditorState, TrialView, VerdictView } from '../_lib/types';
import {
  badgeAllowed,
  badgeDenied,
  badgeNeutral,
  card,
  fieldError,
  hint,
  input,
  label,
  muted,
  noticeError,
  primaryButton,
  secondaryButton,
  small,
  table,
  td,
  th,
} from '../_lib/styles';

export interface EditorProps {
  mode: 'create' | 'edit';
  initial: ResourceForm;
  /** Edit mode: the slug being edited and its fingerprint when loaded. */
  original?: { slug: string; fingerprint: string };
  /** A librarian's institutions (checkboxes); undefined for an admin (free text, empty = any). */
  scope?: string[];
  /** Today in the library's zone, YYYY-MM-DD, for the "judge on" field. */
  today: string;
}

const FIELD_ORDER = ['slug', 'name', 'url', 'institutions', 'patronTypes', 'requireValidMembership', 'graceDays', 'minAge', 'enabled', 'deniedMessage', 'patron', 'day', 'form'];

function Field({
  id,
  name,
  text,
  help,
  error,
  children,
}: {
  id: string;
  name: string;
  text: string;
  help?: string;
  error?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const describedBy = [help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div data-field={name}>
      <label htmlFor={id} className={label}>
        {text}
      </label>
      {help ? (
        <span id={`${id}-hint`} className={hint}>
          {help}
        </span>
      ) : null}
      {children(describedBy, Boolean(error))}
      {error ? (
        <span id={`${id}-error`} className={fieldError}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

function Verdict({ verdict }: { verdict: VerdictView }) {
  const t = useTranslations('admin');
  return (
    <div>
      <span className={verdict.allowed ? badgeAllowed : badgeDenied}>{verdict.allowed ? t('verdict.allowed') : t('verdict.refused')}</span>
      <ul className="mt-1 space-y-0.5">
        {verdict.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

function Trial({ trial }: { trial: TrialView }) {
  const t = useTranslations('admin');
  const opened = trial.rows.filter((row) => row.change === 'opened').length;
  const closed = trial.rows.filter((row) => row.change === 'closed').length;
  return (
    <div className="mt-4">
      <p className={muted} role="status">
        {trial.compared ? t('editor.trialSummaryCompared', { day: trial.day, opened, closed, count: trial.rows.length }) : t('editor.trialSummary', { day: trial.day, count: trial.rows.length })}
      </p>
      <div className="mt-3 overflow-x-auto">
        <table className={table} data-testid="trial">
          <caption className="sr-only">{t('editor.trialCaption')}</caption>
          <thead>
            <tr>
              <th scope="col" className={th}>
                {t('editor.trialPatron')}
              </th>
              {trial.compared ? (
                <th scope="col" className={th}>
                  {t('editor.trialSaved')}
                </th>
              ) : null}
              <th scope="col" className={th}>
                {t('editor.trialDraft')}
              </th>
              {trial.compared ? (
                <th scope="col" className={th}>
                  {t('editor.trialChange')}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {trial.rows.map((row) => (
              <tr key={row.id} data-sample={row.id} data-change={row.change}>
                <th scope="row" className={`${td} font-normal`}>
                  <span className="font-semibold">{row.label}</span>
                  <span className={`block ${small}`}>{row.facts}</span>
                </th>
                {trial.compared ? <td className={td}>{row.saved ? <Verdict verdict={row.saved} /> : null}</td> : null}
                <td className={td}>
                  <Verdict verdict={row.draft} />
                </td>
                {trial.compared ? (
                  <td className={td}>
                    {row.change === 'opened' ? (
                      <span className={`${badgeAllowed} whitespace-nowrap`}>{t('editor.changeOpened')}</span>
                    ) : row.change === 'closed' ? (
                      <span className={`${badgeDenied} whitespace-nowrap`}>{t('editor.changeClosed')}</span>
                    ) : (
                      <span className={`${badgeNeutral} whitespace-nowrap`}>{t('editor.changeSame')}</span>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function ResourceEditor({ mode, initial, original, scope, today }: EditorProps) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<EditorState, FormData>(editorAction, { status: 'idle' });
  const start = state.form ?? initial;
  const [values, setValues] = useState<ResourceForm>(start);
  const [patron, setPatron] = useState('');
  const [day, setDay] = useState(today);
  const id = useId();
  const summary = useRef<HTMLDivElement>(null);
  const trialHeading = useRef<HTMLHeadingElement>(null);
  const errors = state.errors ?? {};
  const errorList = FIELD_ORDER.filter((field) => errors[field]).map((field) => ({ field, message: errors[field] as string }));

  // After a submission, focus what needs attention: the problems, or the trial's results.
  useEffect(() => {
    if (state.status === 'tried') trialHeading.current?.focus();
    else if (state.status !== 'idle') summary.current?.focus();
  }, [state]);

  const set = <K extends keyof ResourceForm>(key: K) => (value: ResourceForm[K]) => setValues((current) => ({ ...current, [key]: value }));
  const fid = (name: string) => `${id}-${name}`;
  // The form's repeated controls: a labelled checkbox with its hint, and a short number field.
  const checkbox = (name: 'requireValidMembership' | 'enabled', className?: string) => (
    <div data-field={name} className={className}>
      <label className="inline-flex items-center gap-2 font-semibold">
        <input
          id={fid(name)}
          type="checkbox"
          name={name}
          checked={values[name]}
          onChange={(e) => set(name)(e.target.checked)}
          aria-describedby={`${fid(name)}-hint`}
          className="h-5 w-5"
        />
        {t(`fields.${name}`)}
      </label>
      <span id={`${fid(name)}-hint`} className={hint}>
        {t(`hints.${name}`)}
      </span>
    </div>
  );
  const numberField = (name: 'graceDays' | 'minAge') => (
    <Field id={fid(name)} name={name} text={t(`fields.${name}`)} help={t(`hints.${name}`)} error={errors[name]}>
      {(describedBy, invalid) => (
        <input
          id={fid(name)}
          name={name}
          inputMode="numeric"
          value={values[name]}
          onChange={(e) => set(name)(e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          className={`${input} max-w-40`}
        />
      )}
    </Field>
  );
  const ticked = new Set(values.institutions.split(/[\s,;]+/).filter(Boolean));

  return (
    <form action={dispatch} noValidate className="space-y-6">
      {original ? (
        <>
          <input type="hidden" name="original" value={original.slug} />
          <input type="hidden" name="fingerprint" value={original.fingerprint} />
        </>
      ) : null}

      {state.status !== 'idle' && state.status !== 'tried' && (state.message || errorList.length > 0) ? (
        <div ref={summary} tabIndex={-1} role="alert" className={noticeError} data-testid="form-problems">
          {state.message ? <p className="font-semibold">{state.message}</p> : null}
          {errorList.length > 0 ? (
            <ul className="mt-2 list-disc pl-5">
              {errorList.map(({ field, message }) => (
                <li key={field}>
                  <a href={`#${fid(field)}`} className="underline underline-offset-2">
                    {message}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {state.status === 'conflict' && original ? (
            <p className="mt-2">
              <a href={`/admin/resources/${encodeURIComponent(original.slug)}`} className="font-semibold underline underline-offset-2">
                {t('editor.reload')}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby={fid('what')} className={card}>
        <h2 id={fid('what')} className="text-lg font-semibold">
          {t('editor.what')}
        </h2>
        <div className="mt-4 grid gap-5 md:grid-cols-2">
          <Field id={fid('slug')} name="slug" text={t('fields.slug')} help={mode === 'edit' ? t('hints.slugFixed') : t('hints.slug')} error={errors.slug}>
            {(describedBy, invalid) => (
              <input
                id={fid('slug')}
                name="slug"
                value={values.slug}
                onChange={(e) => set('slug')(e.target.value)}
                readOnly={mode === 'edit'}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                className={`${input} font-mono read-only:bg-slate-100 dark:read-only:bg-slate-800`}
              />
            )}
          </Field>
          <Field id={fid('name')} name="name" text={t('fields.name')} help={t('hints.name')} error={errors.name}>
            {(describedBy, invalid) => (
              <input id={fid('name')} name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} className={input} />
            )}
          </Field>
          <div className="md:col-span-2">
            <Field id={fid('url')} name="url" text={t('fields.url')} help={t('hints.url')} error={errors.url}>
              {(describedBy, invalid) => (
                <input id={fid('url')} name="url" type="url" inputMode="url" value={values.url} onChange={(e) => set('url')(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} className={input} />
              )}
            </Field>
          </div>
        </div>
      </section>

      <section aria-labelledby={fid('who')} className={card}>
        <h2 id={fid('who')} className="text-lg font-semibold">
          {t('editor.who')}
        </h2>
        <div className="mt-4 grid gap-5 md:grid-cols-2">
          {scope ? (
            <fieldset
              data-field="institutions"
              aria-describedby={[`${fid('institutions')}-hint`, errors.institutions ? `${fid('institutions')}-error` : ''].filter(Boolean).join(' ')}
            >
              <legend className={label}>{t('fields.institutions')}</legend>
              <span id={`${fid('institutions')}-hint`} className={hint}>
                {t('hints.institutionsLibrarian')}
              </span>
              <div className="mt-2 flex flex-wrap gap-4">
                {scope.map((code, index) => (
                  <label key={code} className="inline-flex items-center gap-2">
                    <input
                      type="checkbox"
                      name="institutions"
                      value={code}
                      id={index === 0 ? fid('institutions') : undefined}
                      checked={ticked.has(code)}
                      aria-invalid={Boolean(errors.institutions)}
                      onChange={(e) => {
                        const next = new Set(ticked);
                        if (e.target.checked) next.add(code);
                        else next.delete(code);
                        set('institutions')([...next].join(', '));
                      }}
                      className="h-5 w-5"
                    />
                    <code>{code}</code>
                  </label>
                ))}
              </div>
              {errors.institutions ? (
                <span id={`${fid('institutions')}-error`} className={fieldError}>
                  {errors.institutions}
                </span>
              ) : null}
            </fieldset>
          ) : (
            <Field id={fid('institutions')} name="institutions" text={t('fields.institutions')} help={t('hints.institutions')} error={errors.institutions}>
              {(describedBy, invalid) => (
                <input
                  id={fid('institutions')}
                  name="institutions"
                  value={values.institutions}
                  onChange={(e) => set('institutions')(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  className={`${input} font-mono`}
                />
              )}
            </Field>
          )}
          <Field id={fid('patronTypes')} name="patronTypes" text={t('fields.patronTypes')} help={t('hints.patronTypes')} error={errors.patronTypes}>
            {(describedBy, invalid) => (
              <input
                id={fid('patronTypes')}
                name="patronTypes"
                value={values.patronTypes}
                onChange={(e) => set('patronTypes')(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                className={`${input} font-mono`}
              />
            )}
          </Field>
          {checkbox('requireValidMembership', 'md:col-span-2')}
          {numberField('graceDays')}
          {numberField('minAge')}
        </div>
      </section>

      <section aria-labelledby={fid('shown')} className={card}>
        <h2 id={fid('shown')} className="text-lg font-semibold">
          {t('editor.shown')}
        </h2>
        <div className="mt-4 space-y-5">
          {checkbox('enabled')}
          <Field id={fid('deniedMessage')} name="deniedMessage" text={t('fields.deniedMessage')} help={t('hints.deniedMessage')} error={errors.deniedMessage}>
            {(describedBy, invalid) => (
              <textarea
                id={fid('deniedMessage')}
                name="deniedMessage"
                rows={2}
                value={values.deniedMessage}
                onChange={(e) => set('deniedMessage')(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                className={input}
              />
            )}
          </Field>
        </div>
      </section>

      <section aria-labelledby={fid('try')} className={card}>
        <h2 id={fid('try')} ref={trialHeading} tabIndex={-1} className="text-lg font-semibold">
          {t('editor.tryTitle')}
        </h2>
        <p className={`mt-2 ${muted}`}>{mode === 'edit' ? t('editor.tryIntroEdit') : t('editor.tryIntroCreate')}</p>
        <div className="mt-4 grid gap-5 md:grid-cols-3">
          <div className="md:col-span-2">
            <Field id={fid('patron')} name="patron" text={t('fields.patron')} help={t('hints.patronOptional')} error={errors.patron}>
              {(describedBy, invalid) => (
                <textarea
                  id={fid('patron')}
                  name="patron"
                  rows={4}
                  value={patron}
                  onChange={(e) => setPatron(e.target.value)}
                  spellCheck={false}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  className={`${input} font-mono text-sm`}
                />
              )}
            </Field>
          </div>
          <Field id={fid('day')} name="day" text={t('fields.day')} help={t('hints.day')} error={errors.day}>
            {(describedBy, invalid) => (
              <input id={fid('day')} name="day" type="date" value={day} onChange={(e) => setDay(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} className={input} />
            )}
          </Field>
        </div>
        <div className="mt-4">
          <button type="submit" name="intent" value="try" disabled={pending} className={secondaryButton}>
            {t('editor.try')}
          </button>
        </div>
        {state.status === 'tried' && state.trial ? <Trial trial={state.trial} /> : null}
      </section>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="save" disabled={pending} className={primaryButton}>
          {mode === 'create' ? t('editor.create') : t('editor.save')}
        </button>
        <a href="/admin" className={secondaryButton}>
          {t('editor.cancel')}
        </a>
        {pending ? (
          <span role="status" className={small}>
            {t('editor.working')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
