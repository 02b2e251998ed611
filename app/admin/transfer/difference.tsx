'use client';
/** The difference an import makes, as the transfer page shows it before (and after) importing. */
import { useTranslations } from 'next-intl';
import type { Ref } from 'react';
import type { ImportEntryView, ImportPreviewView } from '../_lib/types';
import { badgeAllowed, badgeDenied, badgeNeutral, muted, small } from '../_lib/styles';

const BADGES = { added: badgeAllowed, changed: badgeNeutral, removed: badgeDenied } as const;

function Entry({ entry }: { entry: ImportEntryView }) {
  const t = useTranslations('admin');
  return (
    <li data-change={entry.kind} data-key={entry.key} className="[overflow-wrap:anywhere]">
      <span className={BADGES[entry.kind]}>{t(`transfer.kind.${entry.kind}`)}</span> <code className="font-semibold">{entry.key}</code>
      {entry.name ? <span> · {entry.name}</span> : null}
      {entry.fields.length > 0 ? (
        <ul className="mt-1 space-y-1 border-l-2 border-slate-300 pl-3 text-sm dark:border-slate-700">
          {entry.fields.map((field) => (
            <li key={field.path} data-path={field.path}>
              <code>{field.path}</code>:{' '}
              <span className="sr-only">{t('audit.before')}</span>
              {field.before === undefined ? <span className={small}>{t('audit.absent')}</span> : <del className="font-mono decoration-red-700 dark:decoration-red-400">{field.before}</del>}
              <span aria-hidden="true"> → </span>
              <span className="sr-only">{t('audit.after')}</span>
              {field.after === undefined ? <span className={small}>{t('audit.absent')}</span> : <ins className="font-mono font-semibold no-underline">{field.after}</ins>}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The difference: per kind of entry, what is added, changed (field by field) and removed. */
export function Difference({ preview, applied, headingRef }: { preview: ImportPreviewView; applied: boolean; headingRef?: Ref<HTMLHeadingElement> }) {
  const t = useTranslations('admin');
  return (
    <section aria-labelledby="import-difference" className="space-y-4" data-testid="import-difference">
      <h3 id="import-difference" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
        {applied ? t('transfer.appliedTitle') : t('transfer.previewTitle')}
      </h3>
      {applied ? null : <p className={muted}>{t('transfer.previewIntro')}</p>}
      {preview.sections.length === 0 ? <p className={muted}>{t('transfer.noChanges')}</p> : null}
      {preview.sections.map((section) => (
        <div key={section.id} data-section={section.id}>
          <h4 className="font-semibold">
            {t(`transfer.sections.${section.id}`)}{' '}
            <span className={`font-normal ${small}`}>({t('transfer.counts', { added: section.added, changed: section.changed, removed: section.removed })})</span>
          </h4>
          <ul className="mt-2 space-y-2">
            {section.entries.map((entry) => (
              <Entry key={`${entry.kind}-${entry.key}`} entry={entry} />
            ))}
          </ul>
        </div>
      ))}
      {preview.keepsDirectory || preview.keepsConnections ? (
        <ul className={`list-disc pl-5 ${small}`}>
          {preview.keepsDirectory ? <li>{t('transfer.keepsDirectory')}</li> : null}
          {preview.keepsConnections ? <li>{t('transfer.keepsConnections')}</li> : null}
        </ul>
      ) : null}
    </section>
  );
}

