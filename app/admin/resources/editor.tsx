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
import { RELEASE_ATTRIBUTES, RELEASE_IDS } from '@/lib/access/release-policy';
import { LOCALE_NAMES, LOCALES, isLocale } from '@/lib/i18n/locales';
import type { LoadedForm, ReleaseForm, ResourceForm } from '@/lib/admin/resource-form';
import { editorAction } from '../actions';
import { ScrollRegion } from '../_lib/scroll-region';
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
  noticeWarning,
  primaryButton,
  requiredMark,
  secondaryButton,
  small,
  table,
  td,
  th,
} from '../_lib/styles';

export interface EditorProps {
  mode: 'create' | 'edit';
  /** With the release policy: the saved one, or the default for a new resource. */
  initial: LoadedForm;
  /** Edit mode: the slug being edited and its fingerprint when loaded. */
  original?: { slug: string; fingerprint: string };
  /** A librarian's institutions (checkboxes); undefined for an admin (free text, empty = any). */
  scope?: string[];
  /**
   * The directory, named in the page's language: institutions and patron
   * types are then chosen from it (checkboxes), never typed. Undefined when
   * there is no directory (codes are typed as before).
   */
  directory?: PickerDirectory;
  /** Today in the library's zone, YYYY-MM-DD, for the "judge on" field. */
  today: string;
}

export interface PickerDirectory {
  institutions: { code: string; name: string }[];
  patronTypes: { code: string; name: string; institution: string }[];
}

const FIELD_ORDER = [
  'slug',
  'name',
  'url',
  'institutions',
  'patronTypes',
  'requireValidMembership',
  'graceDays',
  'minAge',
  'enabled',
  'deniedMessage',
  'description',
  'releaseId',
  'releaseSector',
  'releaseAttributes',
  'patron',
  'day',
  'form',
];

/** The languages a text the library writes may be given in, beside English (the field itself). */
const OTHER_LANGUAGES = LOCALES.filter((locale) => locale !== 'en');

/**
 * A text the library writes for patrons (the refusal message, the description):
 * in English, shown in every language without a text of its own, and, folded
 * away, in each other language. Languages the document gives beyond the six
 * (such as "de-CH") keep their own field, so that saving never drops them.
 */
function LibraryTexts({ field, rows, values, set, fid, error }: {
  field: 'deniedMessage' | 'description';
  rows: number;
  values: ResourceForm;
  set: <K extends keyof ResourceForm>(key: K) => (value: ResourceForm[K]) => void;
  fid: (name: string) => string;
  error: string | undefined;
}) {
  const t = useTranslations('admin');
  const inField = `${field}In` as const;
  const others = values[inField];
  const languages = [...OTHER_LANGUAGES, ...Object.keys(others).filter((tag) => !(OTHER_LANGUAGES as readonly string[]).includes(tag))];
  const given = languages.filter((tag) => (others[tag] ?? '').trim() !== '').length;
  return (
    <div>
      <Field id={fid(field)} name={field} text={t(`fields.${field}`)} help={t(`hints.${field}`)} error={error}>
        {(describedBy, invalid) => (
          <textarea
            id={fid(field)}
            name={field}
            rows={rows}
            value={values[field]}
            onChange={(e) => set(field)(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            className={input}
          />
        )}
      </Field>
      <details className="mt-2" open={given > 0} data-texts={field}>
        <summary className="cursor-pointer text-sm font-semibold underline-offset-4 hover:underline">{t('editor.otherLanguages', { count: given })}</summary>
        <div className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4 dark:border-slate-700">
          {languages.map((tag) => (
            <div key={tag}>
              <label htmlFor={fid(`${field}.${tag}`)} className="block text-sm font-medium">
                {isLocale(tag) ? LOCALE_NAMES[tag] : tag}
              </label>
              <textarea
                id={fid(`${field}.${tag}`)}
                name={`${field}.${tag}`}
                lang={tag}
                rows={rows}
                value={others[tag] ?? ''}
                onChange={(e) => set(inField)({ ...others, [tag]: e.target.value })}
                className={`mt-1 ${input}`}
              />
            </div>
          ))}
        </div>
      </details>
    </div>
  );
}

/** A text field for codes and identifiers: monospace, no autocompletion or spelling. */
function CodeField({ id, name, text, help, error, value, placeholder, onChange, className = '' }: {
  id: string;
  name: string;
  text: string;
  help: string;
  error?: string;
  value: string;
  placeholder?: string;
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <Field id={id} name={name} text={text} help={help} error={error}>
      {(describedBy, invalid) => (
        <input
          id={id}
          name={name}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          className={`${input} font-mono ${className}`}
        />
      )}
    </Field>
  );
}

/** A row of checkboxes sharing one name (a fieldset's choices); the first one carries the id errors link to. */
function Checkboxes<V extends string>({ name, values, firstId, invalid, ticked, onToggle, children }: {
  name: string;
  values: readonly V[];
  firstId: string;
  invalid?: boolean;
  ticked: (value: V) => boolean;
  onToggle: (value: V, on: boolean) => void;
  children: (value: V) => ReactNode;
}) {
  return (
    <div className="mt-2 flex flex-wrap gap-4">
      {values.map((value, index) => (
        <label key={value} className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            name={name}
            value={value}
            id={index === 0 ? firstId : undefined}
            checked={ticked(value)}
            aria-invalid={invalid}
            onChange={(e) => onToggle(value, e.target.checked)}
            className="h-5 w-5"
          />
          {children(value)}
        </label>
      ))}
    </div>
  );
}

/** A choice's label: the library's name, and its code (names are text, never markup). */
function Named({ name, code }: { name: string; code: string }) {
  return name === code ? (
    <code>{code}</code>
  ) : (
    <span>
      {name} <code className="text-sm text-slate-600 dark:text-slate-400">{code}</code>
    </span>
  );
}

/** A set of ticked codes held as the form's comma-separated text. */
function toggled(text: string, code: string, on: boolean): string {
  const next = new Set(text.split(/[\s,;]+/).filter(Boolean));
  if (on) next.add(code);
  else next.delete(code);
  return [...next].join(', ');
}

/**
 * Patron types from the directory, one group per institution. A librarian
 * sees the groups of their institutions, and any other group with a patron
 * type the resource already names (so that saving never drops it unseen).
 */
function PatronTypePicker({ directory, ticked, onToggle, groups, invalid, firstId, describedBy, legend, hintText, error, errorId }: {
  directory: PickerDirectory;
  ticked: Set<string>;
  onToggle: (code: string, on: boolean) => void;
  groups: string[];
  invalid: boolean;
  firstId: string;
  describedBy: string;
  legend: string;
  hintText: string;
  error?: string | undefined;
  errorId: string;
}) {
  const t = useTranslations('admin');
  let first = true;
  return (
    <fieldset data-field="patronTypes" aria-describedby={describedBy} className="md:col-span-2">
      <legend className={label}>{legend}</legend>
      <span id={describedBy.split(' ')[0]} className={hint}>
        {hintText}
      </span>
      <div className="mt-2 space-y-3">
        {groups.map((institution) => {
          const types = directory.patronTypes.filter((p) => p.institution === institution);
          const name = directory.institutions.find((i) => i.code === institution)?.name ?? institution;
          return (
            <fieldset key={institution} className="rounded-lg border border-slate-300 px-3 pb-3 dark:border-slate-700">
              <legend className="px-1 text-sm font-semibold">
                <Named name={name} code={institution} />
              </legend>
              {types.length === 0 ? (
                <p className={small}>{t('editor.noPatronTypes')}</p>
              ) : (
                <div className="mt-1 flex flex-wrap gap-x-5 gap-y-2">
                  {types.map((type) => {
                    const id = first ? firstId : undefined;
                    first = false;
                    return (
                      <label key={type.code} className="inline-flex items-center gap-2">
                        <input type="checkbox" name="patronTypes" value={type.code} id={id} checked={ticked.has(type.code)} aria-invalid={invalid} onChange={(e) => onToggle(type.code, e.target.checked)} className="h-5 w-5 shrink-0" />
                        <Named name={type.name} code={type.code} />
                      </label>
                    );
                  })}
                </div>
              )}
            </fieldset>
          );
        })}
      </div>
      {error ? (
        <span id={errorId} className={fieldError}>
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

const HEADER_NAMES = { id: 'X-Patron-Id', institution: 'X-Patron-Institution', patronType: 'X-Patron-Type' } as const;

/**
 * "What the e-resource receives": an admin chooses the identifier and the
 * facts; a librarian reads them (the form then carries no release fields and
 * the saved policy stays as it is, lib/admin/actions.ts).
 */
function ReleaseSection({ release, slug, editable, errors, fid, onChange }: {
  release: ReleaseForm;
  slug: string;
  editable: boolean;
  errors: Record<string, string>;
  fid: (name: string) => string;
  onChange: (release: ReleaseForm) => void;
}) {
  const t = useTranslations('admin');
  const received = [
    ...(release.id === 'none' ? [] : [{ header: HEADER_NAMES.id, value: t(`release.value.${release.id}` as 'release.value.pairwise') }]),
    ...RELEASE_ATTRIBUTES.filter((a) => release.attributes.includes(a)).map((a) => ({ header: HEADER_NAMES[a], value: t(`release.value.${a}`) })),
  ];
  const error = (name: string) =>
    errors[name] ? (
      <span id={`${fid(name)}-error`} className={fieldError}>
        {errors[name]}
      </span>
    ) : null;
  return (
    <section aria-labelledby={fid('release')} className={card} data-section="release">
      <h2 id={fid('release')} className="text-lg font-semibold">
        {t('release.title')}
      </h2>
      <p className={`mt-2 ${muted}`}>{t('release.intro')}</p>
      {editable ? (
        <div className="mt-4 space-y-5">
          <fieldset data-field="releaseId" aria-describedby={errors.releaseId ? `${fid('releaseId')}-error` : undefined}>
            <legend className={label}>{t('release.idLegend')}</legend>
            <div className="mt-2 space-y-3">
              {RELEASE_IDS.map((id, index) => (
                <div key={id}>
                  <label className="inline-flex items-center gap-2">
                    <input
                      type="radio"
                      name="releaseId"
                      value={id}
                      id={index === 0 ? fid('releaseId') : undefined}
                      checked={release.id === id}
                      onChange={() => onChange({ ...release, id })}
                      aria-describedby={`${fid('releaseId')}-${id}-hint`}
                      className="h-5 w-5"
                    />
                    {t(`release.id.${id}`)}
                  </label>
                  <span id={`${fid('releaseId')}-${id}-hint`} className={id === 'user-id' && release.id === id ? `mt-1 block ${noticeWarning}` : hint} data-warning={id === 'user-id' ? 'user-id' : undefined}>
                    {t(`release.idHint.${id}`)}
                  </span>
                </div>
              ))}
            </div>
            {error('releaseId')}
          </fieldset>
          <CodeField
            id={fid('releaseSector')}
            name="releaseSector"
            text={t('release.sector')}
            help={t('release.sectorHint')}
            error={errors.releaseSector}
            value={release.sector}
            placeholder={slug}
            onChange={(sector) => onChange({ ...release, sector })}
            className="max-w-md"
          />
          <fieldset data-field="releaseAttributes" aria-describedby={errors.releaseAttributes ? `${fid('releaseAttributes')}-error` : undefined}>
            <legend className={label}>{t('release.attributesLegend')}</legend>
            <Checkboxes
              name="releaseAttributes"
              values={RELEASE_ATTRIBUTES}
              firstId={fid('releaseAttributes')}
              ticked={(attribute) => release.attributes.includes(attribute)}
              onToggle={(attribute, on) => onChange({ ...release, attributes: RELEASE_ATTRIBUTES.filter((a) => (a === attribute ? on : release.attributes.includes(a))) })}
            >
              {(attribute) => t(`release.attribute.${attribute}`)}
            </Checkboxes>
            {error('releaseAttributes')}
          </fieldset>
        </div>
      ) : (
        <p id={fid('releaseId')} className={`mt-3 ${small}`}>
          {t('release.adminOnly')} {error('releaseId')}
        </p>
      )}
      <div className="mt-4" data-testid="release-summary">
        <p className="font-semibold">{t('release.receives')}</p>
        {received.length === 0 ? (
          <p className={muted}>{t('release.nothing')}</p>
        ) : (
          <ul className={`mt-1 list-disc pl-5 ${muted}`}>
            {received.map(({ header, value }) => (
              <li key={header} data-header={header.toLowerCase()}>
                <code>{header}</code>: {value}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function Field({
  id,
  name,
  text,
  help,
  error,
  required,
  children,
}: {
  id: string;
  name: string;
  text: string;
  help?: string;
  error?: string;
  /** Says "(required)" after the label. */
  required?: boolean;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const t = useTranslations('admin');
  const describedBy = [help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div data-field={name}>
      <label htmlFor={id} className={label}>
        {text}
        {required ? <span className={requiredMark}> ({t('required')})</span> : null}
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
      {trial.shutOut ? (
        <p className={`mt-3 ${noticeWarning}`} data-testid="trial-shut-out">
          {trial.shutOut}
        </p>
      ) : null}
      <ScrollRegion label={t('editor.trialCaption')} className="mt-3">
        <table className={`${table} min-w-[40rem]`} data-testid="trial">
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
      </ScrollRegion>
    </div>
  );
}

export function ResourceEditor({ mode, initial, original, scope, today, directory }: EditorProps) {
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

  // Leaving with changes not saved asks first (the browser's own question). A save navigates
  // within the page (no unload); "Try these criteria" saves nothing, so the form stays unsaved.
  const unsaved = JSON.stringify(values) !== JSON.stringify(initial);
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
  // A field of codes (institutions, patron types), typed as they are written.
  const codeField = (name: 'institutions' | 'patronTypes') => (
    <CodeField id={fid(name)} name={name} text={t(`fields.${name}`)} help={t(`hints.${name}`)} error={errors[name]} value={values[name]} onChange={set(name)} />
  );
  const ticked = new Set(values.institutions.split(/[\s,;]+/).filter(Boolean));
  const tickedTypes = new Set(values.patronTypes.split(/[\s,;]+/).filter(Boolean));
  // With a directory, the choices are its entries (a librarian's: those of their institutions).
  const institutionChoices = directory ? directory.institutions.map((i) => i.code).filter((code) => !scope || scope.includes(code)) : (scope ?? []);
  const institutionName = (code: string) => directory?.institutions.find((i) => i.code === code)?.name ?? code;
  const typeGroups = directory
    ? directory.institutions
        .map((i) => i.code)
        .filter((code) => !scope || scope.includes(code) || directory.patronTypes.some((p) => p.institution === code && tickedTypes.has(p.code)))
    : [];
  // A librarian's form posts no release fields, so a re-rendered form has none: show the saved policy.
  const release = values.release ?? initial.release;

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
          <Field id={fid('slug')} name="slug" text={t('fields.slug')} help={mode === 'edit' ? t('hints.slugFixed') : t('hints.slug')} error={errors.slug} required={mode === 'create'}>
            {(describedBy, invalid) => (
              <input
                id={fid('slug')}
                name="slug"
                value={values.slug}
                onChange={(e) => set('slug')(e.target.value)}
                readOnly={mode === 'edit'}
                aria-required={mode === 'create'}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                className={`${input} font-mono read-only:bg-slate-100 dark:read-only:bg-slate-800`}
              />
            )}
          </Field>
          <Field id={fid('name')} name="name" text={t('fields.name')} help={t('hints.name')} error={errors.name} required>
            {(describedBy, invalid) => (
              <input id={fid('name')} name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} aria-required className={input} />
            )}
          </Field>
          <div className="md:col-span-2">
            <Field id={fid('url')} name="url" text={t('fields.url')} help={t('hints.url')} error={errors.url} required>
              {(describedBy, invalid) => (
                <input id={fid('url')} name="url" type="url" inputMode="url" value={values.url} onChange={(e) => set('url')(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} aria-required className={input} />
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
          {directory || scope ? (
            <fieldset
              data-field="institutions"
              aria-describedby={[`${fid('institutions')}-hint`, errors.institutions ? `${fid('institutions')}-error` : ''].filter(Boolean).join(' ')}
              className={directory ? 'md:col-span-2' : undefined}
            >
              <legend className={label}>{t('fields.institutions')}</legend>
              <span id={`${fid('institutions')}-hint`} className={hint}>
                {scope ? t('hints.institutionsLibrarian') : t('hints.institutionsPicker')}
              </span>
              <Checkboxes
                name="institutions"
                values={institutionChoices}
                firstId={fid('institutions')}
                invalid={Boolean(errors.institutions)}
                ticked={(code) => ticked.has(code)}
                onToggle={(code, on) => set('institutions')(toggled(values.institutions, code, on))}
              >
                {(code) => <Named name={institutionName(code)} code={code} />}
              </Checkboxes>
              {errors.institutions ? (
                <span id={`${fid('institutions')}-error`} className={fieldError}>
                  {errors.institutions}
                </span>
              ) : null}
            </fieldset>
          ) : (
            codeField('institutions')
          )}
          {directory ? (
            <PatronTypePicker
              directory={directory}
              ticked={tickedTypes}
              onToggle={(code, on) => set('patronTypes')(toggled(values.patronTypes, code, on))}
              groups={typeGroups}
              invalid={Boolean(errors.patronTypes)}
              firstId={fid('patronTypes')}
              describedBy={[`${fid('patronTypes')}-hint`, errors.patronTypes ? `${fid('patronTypes')}-error` : ''].filter(Boolean).join(' ')}
              legend={t('fields.patronTypes')}
              hintText={t('hints.patronTypesPicker')}
              error={errors.patronTypes}
              errorId={`${fid('patronTypes')}-error`}
            />
          ) : (
            codeField('patronTypes')
          )}
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
          <LibraryTexts field="deniedMessage" rows={2} values={values} set={set} fid={fid} error={errors.deniedMessage} />
          <LibraryTexts field="description" rows={1} values={values} set={set} fid={fid} error={errors.description} />
        </div>
      </section>

      <ReleaseSection release={release} slug={values.slug} editable={!scope} errors={errors} fid={fid} onChange={(next) => set('release')(next)} />

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
