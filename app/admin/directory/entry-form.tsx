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
import { ErrorList, Field, FieldError, FormButtons, inOrder } from '../_lib/form';
import { card, dangerButton, hint, input, muted, noticeError } from '../_lib/styles';
import { Card } from '@/app/card';

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

export function EntryForm({ kind, original, initial, languages, institutions, contactEditable }: EntryFormProps) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<DirectoryFormState, FormData>(kind === 'institution' ? saveInstitutionAction : savePatronTypeAction, { status: 'idle' });
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== 'idle') summary.current?.focus();
  }, [state]);
  const values = state.values ?? initial;
  const errors = state.errors ?? {};
  const id = (field: string) => `entry-${field.replace(/\./g, '-')}`;
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
      {state.status !== 'idle' ? <ErrorList ref={summary} message={state.message} fields={inOrder([...FIELD_ORDER, ...languages.map((l) => `names.${l.tag}`)], errors)} target={id} /> : null}

      <Card id="entry-what" title={kind === 'institution' ? t('directory.institutionSection') : t('directory.patronTypeSection')}>
        <div className="mt-4 grid gap-5 md:grid-cols-2">
          {kind === 'patronType' && institutions ? (
            <Field id={id('institution')} name="institution" text={t('directory.fields.institution')} hint={t('directory.hints.institution')} error={errors.institution}>
              {(control) => (
                <select {...control} name="institution" defaultValue={values.institution ?? ''} className={input}>
                  {institutions.map((institution) => (
                    <option key={institution.code} value={institution.code}>
                      {institution.name === institution.code ? institution.code : `${institution.name} (${institution.code})`}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field id={id('code')} name="code" text={t('directory.fields.code')} hint={original ? t('directory.hints.codeFixed') : t('directory.hints.code')} error={errors.code}>
            {(control) => (
              <input
                {...control}
                name="code"
                defaultValue={original ? original.code : values.code}
                readOnly={Boolean(original)}
                autoComplete="off"
                spellCheck={false}
                className={`${input} font-mono read-only:bg-slate-100 dark:read-only:bg-slate-800`}
              />
            )}
          </Field>
        </div>
      </Card>

      <fieldset className={card} aria-describedby={`${id('names')}-hint`}>
        <legend className="px-1 text-lg font-semibold">{t('directory.fields.names')}</legend>
        <span id={`${id('names')}-hint`} className={`${hint} mt-0`}>
          {t('directory.hints.names')}
        </span>
        <div className="mt-4 grid gap-5 md:grid-cols-2">
          {languages.map((language) => {
            const field = `names.${language.tag}`;
            return (
              <Field key={language.tag} id={id(field)} name={field} text={language.label} error={errors[field]}>
                {(control) => <input {...control} name={field} lang={language.tag} defaultValue={values.names[language.tag] ?? ''} className={input} />}
              </Field>
            );
          })}
        </div>
      </fieldset>

      {kind === 'institution' ? (
        <Card id="entry-patrons" title={t('directory.forPatrons')}>
          <div className="mt-4 space-y-5">
            <Field id={id('renewUrl')} name="renewUrl" text={t('directory.fields.renewUrl')} hint={t('directory.hints.renewUrl')} error={errors.renewUrl}>
              {(control) => <input {...control} name="renewUrl" type="url" inputMode="url" defaultValue={values.renewUrl ?? ''} className={input} />}
            </Field>
            <Field id={id('contact')} name="contact" text={t('directory.fields.contact')} hint={contactEditable ? t('directory.hints.contact') : t('directory.hints.contactAdminOnly')} error={errors.contact}>
              {(control) =>
                contactEditable ? (
                  <input {...control} name="contact" defaultValue={values.contact ?? ''} className={input} />
                ) : (
                  // A librarian's form carries no contact: the stored one stays.
                  <p id={control.id} className={`mt-1 ${muted}`}>
                    {initial.contact ?? t('directory.none')}
                  </p>
                )
              }
            </Field>
          </div>
        </Card>
      ) : null}

      <FormButtons pending={pending} submit={t('directory.save')} cancel={{ href: '/admin/directory', text: t('directory.cancel') }} />
    </form>
  );
}

/** Deleting asks for a ticked box first: no script needed, and a stray click deletes nothing. */
export function DeleteEntry({ kind, code, fingerprint, name, usedBy }: { kind: 'institution' | 'patronType'; code: string; fingerprint: string; name: string; usedBy: string[] }) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<DirectoryFormState, FormData>(deleteEntryAction, { status: 'idle' });
  const errors = state.errors ?? {};
  return (
    <Card id="entry-delete" title={t('directory.deleteTitle')}>
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
          <FieldError id="entry-confirm-error" error={errors.confirm} />
        </div>
        <button type="submit" disabled={pending} className={dangerButton}>
          {t('directory.deleteButton')}
        </button>
      </form>
    </Card>
  );
}
