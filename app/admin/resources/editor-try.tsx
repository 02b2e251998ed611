'use client';
/**
 * The editor's "Try these criteria" section: a patron to paste (optional) and
 * the day to judge on, and the button that judges the unsaved form without
 * storing anything; the results below it.
 */
import { useTranslations } from 'next-intl';
import { useState, type Ref } from 'react';
import { Field } from '../_lib/form';
import type { TrialView } from '../_lib/types';
import { input, muted, secondaryButton } from '../_lib/styles';
import { Section } from './editor-parts';
import { Trial } from './editor-trial';

export function TrySection({ mode, fid, errors, today, pending, trial, headingRef }: {
  mode: 'create' | 'edit';
  fid: (name: string) => string;
  errors: Record<string, string>;
  today: string;
  pending: boolean;
  /** The results of the last try, if the last answer was one. */
  trial: TrialView | undefined;
  /** Focus goes to the heading when the results come. */
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const t = useTranslations('admin');
  const [patron, setPatron] = useState('');
  const [day, setDay] = useState(today);
  return (
    <Section id={fid('try')} title={t('editor.tryTitle')} headingRef={headingRef}>
      <p className={`mt-2 ${muted}`}>{mode === 'edit' ? t('editor.tryIntroEdit') : t('editor.tryIntroCreate')}</p>
      <div className="mt-4 grid gap-5 md:grid-cols-3">
        <div className="md:col-span-2">
          <Field id={fid('patron')} name="patron" text={t('fields.patron')} hint={t('hints.patronOptional')} error={errors.patron}>
            {(control) => <textarea {...control} name="patron" rows={4} value={patron} onChange={(e) => setPatron(e.target.value)} spellCheck={false} className={`${input} font-mono text-sm`} />}
          </Field>
        </div>
        <Field id={fid('day')} name="day" text={t('fields.day')} hint={t('hints.day')} error={errors.day}>
          {(control) => <input {...control} name="day" type="date" value={day} onChange={(e) => setDay(e.target.value)} className={input} />}
        </Field>
      </div>
      <div className="mt-4">
        <button type="submit" name="intent" value="try" disabled={pending} className={secondaryButton}>
          {t('editor.try')}
        </button>
      </div>
      {trial ? <Trial trial={trial} /> : null}
    </Section>
  );
}
