'use client';
/** The editor's first section, what the resource is: its short name (fixed once created), its name and its address. */
import { useTranslations } from 'next-intl';
import { Field } from '../_lib/form';
import { input } from '../_lib/styles';
import { Section, type Draft } from './editor-parts';

export function WhatSection({ draft: { values, set, fid, errors }, mode }: { draft: Draft; mode: 'create' | 'edit' }) {
  const t = useTranslations('admin');
  return (
    <Section id={fid('what')} title={t('editor.what')}>
      <div className="mt-4 grid gap-5 md:grid-cols-2">
        {/* The slug is in every link to the resource: it is chosen once. */}
        <Field id={fid('slug')} name="slug" text={t('fields.slug')} hint={mode === 'edit' ? t('hints.slugFixed') : t('hints.slug')} error={errors.slug} required={mode === 'create'}>
          {(control) => (
            <input
              {...control}
              name="slug"
              value={values.slug}
              onChange={(e) => set('slug')(e.target.value)}
              readOnly={mode === 'edit'}
              aria-required={mode === 'create'}
              autoComplete="off"
              spellCheck={false}
              className={`${input} font-mono read-only:bg-slate-100 dark:read-only:bg-slate-800`}
            />
          )}
        </Field>
        <Field id={fid('name')} name="name" text={t('fields.name')} hint={t('hints.name')} error={errors.name} required>
          {(control) => <input {...control} name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} aria-required className={input} />}
        </Field>
        <div className="md:col-span-2">
          <Field id={fid('url')} name="url" text={t('fields.url')} hint={t('hints.url')} error={errors.url} required>
            {(control) => <input {...control} name="url" type="url" inputMode="url" value={values.url} onChange={(e) => set('url')(e.target.value)} aria-required className={input} />}
          </Field>
        </div>
      </div>
    </Section>
  );
}
