'use client';
/**
 * The editor's section on what patrons are shown: whether the resource is
 * listed at all, the message given with a refusal, and its description, each
 * text in English and, folded away, in the other languages.
 */
import { useTranslations } from 'next-intl';
import { LOCALE_NAMES, LOCALES, isLocale } from '@/lib/i18n/locales';
import { Field } from '../_lib/form';
import { input } from '../_lib/styles';
import { CheckboxField, Section, type Draft } from './editor-parts';

/** The languages a text the library writes may be given in, beside English (the field itself). */
const OTHER_LANGUAGES = LOCALES.filter((locale) => locale !== 'en');

/**
 * A text the library writes for patrons (the refusal message, the description):
 * in English, shown in every language without a text of its own, and, folded
 * away, in each other language. Languages the document gives beyond the six
 * (such as "de-CH") keep their own field, so that saving never drops them.
 */
function LibraryTexts({ draft: { values, set, fid, errors }, field, rows }: { draft: Draft; field: 'deniedMessage' | 'description'; rows: number }) {
  const t = useTranslations('admin');
  const inField = `${field}In` as const;
  const others = values[inField];
  const languages = [...OTHER_LANGUAGES, ...Object.keys(others).filter((tag) => !(OTHER_LANGUAGES as readonly string[]).includes(tag))];
  const given = languages.filter((tag) => (others[tag] ?? '').trim() !== '').length;
  return (
    <div>
      <Field id={fid(field)} name={field} text={t(`fields.${field}`)} hint={t(`hints.${field}`)} error={errors[field]}>
        {(control) => <textarea {...control} name={field} rows={rows} value={values[field]} onChange={(e) => set(field)(e.target.value)} className={input} />}
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

export function ShownSection({ draft }: { draft: Draft }) {
  const t = useTranslations('admin');
  return (
    <Section id={draft.fid('shown')} title={t('editor.shown')}>
      <div className="mt-4 space-y-5">
        <CheckboxField draft={draft} name="enabled" />
        <LibraryTexts draft={draft} field="deniedMessage" rows={2} />
        <LibraryTexts draft={draft} field="description" rows={1} />
      </div>
    </Section>
  );
}
