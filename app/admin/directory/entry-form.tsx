'use client';
/**
 * The form of one directory entry: an institution (code, names by language,
 * renewal link, contact) or a patron type (institution, code, names). Works
 * without JavaScript; problems are listed at the top and shown at each field.
 */
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef } from 'react';
import { saveInstitutionAction, savePatronTypeAction, deleteEntryAction } from './actions';
import type { DirectoryFormState } from '../_lib/types';
import { card, dangerButton, fieldError, hint, input, label, muted, noticeError, primaryButton, secondaryButton, small } from '../_lib/styles';

export interface EntryFormProps {
  kind: 'institution' | 'patronType';
  /** Editing an existing entry: its code and fingerprint. */
  original?: { code: string; fingerprint: string };
  initial: { code: string; institution?: string; names: Record<string, string>; renewUrl?: string; contact?: string };
  /** Each language a name may be written in: the gateway's languages, then any other the entry has. */
  languages: { tag: string; label: string }[];
  /** Patron types: the institutions it may belong to (code and name in the page's language). */
  institutions?: { code: string; name: string }[];
  /** Institutions: whether this member may change the contact (admins). */
  contactEditable?: boolean;
}

const FIELD_ORDER = ['form', 'institution', 'code', 'renewUrl', 'contact'];

function Problem({ id, text }: { id: string; text?: string | undefined }) {
  return text ? (
    <span id={id} className={fieldError}>
      {text}
    </span>
  ) : null;
}

export function EntryForm({ kind, original, initial, languages, institutions, contactEditable }: EntryFormProps) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<DirectoryFormState, FormData>(kind === 'institution' ? saveInstitutionAction : savePatronTypeAction, { status: 'idle' });
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== 'idle') summary.current?.focus();
  }, [state]);
  const values = state.values ?? initial;
  const errors = state.errors ?? {};
  const ordered = [...FIELD_ORDER, ...languages.map((l) => `names.${l.tag}`)].filter((field) => errors[field]);
  const id = (field: string) => `entry-${field.replace(/\./g, '-')}`;
  const described = (field: string, withHint = true) => [withHint ? `${id(field)}-hint` : '', errors[field] ? `${id(field)}-error` : ''].filter(Boolean).join(' ') || undefined;
  // Re-mounted on each answer so that the fields show what was posted.
  const key = `${state.status}-${JSON.stringify(state.values ?? null)}`;

  return (
    <form key={key} action={dispatch} noValidate className="space-y-6">
      {original ? (
        <>
          <input type="hidden" name="original" value={original.code} />
          <input type="hidden" name="fingerprint" value={original.fingerprint} />
        </>
      ) : null}
      {state.status !== 'idle' ? (
        <div ref={summary} tabIndex={-1} role="alert" className={noticeError} data-testid="form-problems">
          {state.message ? <p className="font-semibold">{state.message}</p> : null}
          {ordered.length > 0 ? (
            <ul className="mt-2 list-disc pl-5">
              {ordered.map((field) => (
                <li key={field}>
                  <a href={`#${id(field)}`} className="underline underline-offset-2">
                    {errors[field]}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby="entry-what" className={card}>
        <h2 id="entry-what" className="text-lg font-semibold">
          {kind === 'institution' ? t('directory.institutionSection') : t('directory.patronTypeSection')}
        </h2>
        <div className="mt-4 grid gap-5 md:grid-cols-2">
          {kind === 'patronType' && institutions ? (
            <div data-field="institution">
              <label htmlFor={id('institution')} className={label}>
                {t('directory.fields.institution')}
              </label>
              <span id={`${id('institution')}-hint`} className={hint}>
                {t('directory.hints.institution')}
              </span>
              <select id={id('institution')} name="institution" defaultValue={values.institution ?? ''} aria-describedby={described('institution')} aria-invalid={Boolean(errors.institution)} className={input}>
                {institutions.map((institution) => (
                  <option key={institution.code} value={institution.code}>
                    {institution.name === institution.code ? institution.code : `${institution.name} (${institution.code})`}
                  </option>
                ))}
              </select>
              <Problem id={`${id('institution')}-error`} text={errors.institution} />
            </div>
          ) : null}
          <div data-field="code">
            <label htmlFor={id('code')} className={label}>
              {t('directory.fields.code')}
            </label>
            <span id={`${id('code')}-hint`} className={hint}>
              {original ? t('directory.hints.codeFixed') : t('directory.hints.code')}
            </span>
            <input
              id={id('code')}
              name="code"
              defaultValue={original ? original.code : values.code}
              readOnly={Boolean(original)}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={described('code')}
              aria-invalid={Boolean(errors.code)}
              className={`${input} font-mono read-only:bg-slate-100 dark:read-only:bg-slate-800`}
            />
            <Problem id={`${id('code')}-error`} text={errors.code} />
          </div>
        </div>
      </section>

      <fieldset className={card} aria-describedby={`${id('names')}-hint`}>
        <legend className="px-1 text-lg font-semibold">{t('directory.fields.names')}</legend>
        <span id={`${id('names')}-hint`} className={`${hint} mt-0`}>
          {t('directory.hints.names')}
        </span>
        <div className="mt-4 grid gap-5 md:grid-cols-2">
          {languages.map((language) => {
            const field = `names.${language.tag}`;
            return (
              <div key={language.tag} data-field={field}>
                <label htmlFor={id(field)} className={label}>
                  {language.label}
                </label>
                <input
                  id={id(field)}
                  name={field}
                  lang={language.tag}
                  defaultValue={values.names[language.tag] ?? ''}
                  aria-describedby={errors[field] ? `${id(field)}-error` : undefined}
                  aria-invalid={Boolean(errors[field])}
                  className={input}
                />
                <Problem id={`${id(field)}-error`} text={errors[field]} />
              </div>
            );
          })}
        </div>
      </fieldset>

      {kind === 'institution' ? (
        <section aria-labelledby="entry-patrons" className={card}>
          <h2 id="entry-patrons" className="text-lg font-semibold">
            {t('directory.forPatrons')}
          </h2>
          <div className="mt-4 space-y-5">
            <div data-field="renewUrl">
              <label htmlFor={id('renewUrl')} className={label}>
                {t('directory.fields.renewUrl')}
              </label>
              <span id={`${id('renewUrl')}-hint`} className={hint}>
                {t('directory.hints.renewUrl')}
              </span>
              <input
                id={id('renewUrl')}
                name="renewUrl"
                type="url"
                inputMode="url"
                defaultValue={values.renewUrl ?? ''}
                aria-describedby={described('renewUrl')}
                aria-invalid={Boolean(errors.renewUrl)}
                className={input}
              />
              <Problem id={`${id('renewUrl')}-error`} text={errors.renewUrl} />
            </div>
            <div data-field="contact">
              <label htmlFor={id('contact')} className={label}>
                {t('directory.fields.contact')}
              </label>
              <span id={`${id('contact')}-hint`} className={hint}>
                {contactEditable ? t('directory.hints.contact') : t('directory.hints.contactAdminOnly')}
              </span>
              {contactEditable ? (
                <input id={id('contact')} name="contact" defaultValue={values.contact ?? ''} aria-describedby={described('contact')} aria-invalid={Boolean(errors.contact)} className={input} />
              ) : (
                // A librarian's form carries no contact: the stored one stays.
                <p id={id('contact')} className={`mt-1 ${muted}`}>
                  {initial.contact ?? t('directory.none')}
                </p>
              )}
              <Problem id={`${id('contact')}-error`} text={errors.contact} />
            </div>
          </div>
        </section>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {t('directory.save')}
        </button>
        <a href="/admin/directory" className={secondaryButton}>
          {t('directory.cancel')}
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

/** Deleting asks for a ticked box first: no script needed, and a stray click deletes nothing. */
export function DeleteEntry({ kind, code, fingerprint, name, usedBy }: { kind: 'institution' | 'patronType'; code: string; fingerprint: string; name: string; usedBy: string[] }) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<DirectoryFormState, FormData>(deleteEntryAction, { status: 'idle' });
  const errors = state.errors ?? {};
  return (
    <section aria-labelledby="entry-delete" className={card}>
      <h2 id="entry-delete" className="text-lg font-semibold">
        {t('directory.deleteTitle')}
      </h2>
      <p className={`mt-2 ${muted}`}>{kind === 'institution' ? t('directory.deleteInstitutionHint') : t('directory.deletePatronTypeHint')}</p>
      {usedBy.length > 0 ? (
        <p className={`mt-2 ${muted}`} data-testid="used-by">
          {t('directory.stillUsed', { resources: usedBy.join(', ') })}
        </p>
      ) : null}
      {state.status !== 'idle' && (state.message || errors.form) ? (
        <div role="alert" className={`mt-3 ${noticeError}`}>
          {errors.form ?? state.message}
        </div>
      ) : null}
      <form action={dispatch} className="mt-4 space-y-3">
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="code" value={code} />
        <input type="hidden" name="fingerprint" value={fingerprint} />
        <div>
          <label className="inline-flex items-center gap-2">
            <input type="checkbox" name="confirm" id="entry-confirm" aria-describedby={errors.confirm ? 'entry-confirm-error' : undefined} aria-invalid={Boolean(errors.confirm)} className="h-5 w-5" />
            {t('directory.deleteConfirm', { name })}
          </label>
          <Problem id="entry-confirm-error" text={errors.confirm} />
        </div>
        <button type="submit" disabled={pending} className={dangerButton}>
          {t('directory.deleteButton')}
        </button>
      </form>
    </section>
  );
}
