'use client';
/**
 * "What the e-resource receives": an admin chooses the identifier and the
 * facts; a librarian reads them (the form then carries no release fields and
 * the saved policy stays as it is, lib/admin/actions.ts).
 */
import { useTranslations } from 'next-intl';
import { RELEASE_ATTRIBUTES, RELEASE_IDS } from '@/lib/access/release-policy';
import type { ReleaseForm } from '@/lib/admin/resource-form';
import { Choices, FieldError } from '../_lib/form';
import { hint, muted, noticeWarning, small } from '../_lib/styles';
import { CodeField, Section } from './editor-parts';
import { Checkboxes } from './editor-pickers';

const HEADER_NAMES = { id: 'X-Patron-Id', institution: 'X-Patron-Institution', patronType: 'X-Patron-Type' } as const;

export function ReleaseSection({ release, slug, editable, errors, fid, onChange }: {
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
  const idHint = (id: string) => `${fid('releaseId')}-${id}-hint`;
  return (
    <Section id={fid('release')} title={t('release.title')} name="release">
      <p className={`mt-2 ${muted}`}>{t('release.intro')}</p>
      {editable ? (
        <div className="mt-4 space-y-5">
          <Choices id={fid('releaseId')} name="releaseId" legend={t('release.idLegend')} error={errors.releaseId}>
            <div className="mt-2 space-y-3">
              {RELEASE_IDS.map((id, index) => (
                <div key={id}>
                  <label className="inline-flex items-center gap-2">
                    <input type="radio" name="releaseId" value={id} id={index === 0 ? fid('releaseId') : undefined} checked={release.id === id} onChange={() => onChange({ ...release, id })} aria-describedby={idHint(id)} className="h-5 w-5" />
                    {t(`release.id.${id}`)}
                  </label>
                  {/* The user id is the same number at every resource that receives it: once chosen, its hint stands out as a warning. */}
                  <span id={idHint(id)} className={id === 'user-id' && release.id === id ? `mt-1 block ${noticeWarning}` : hint} data-warning={id === 'user-id' ? 'user-id' : undefined}>
                    {t(`release.idHint.${id}`)}
                  </span>
                </div>
              ))}
            </div>
          </Choices>
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
          <Choices id={fid('releaseAttributes')} name="releaseAttributes" legend={t('release.attributesLegend')} error={errors.releaseAttributes}>
            <Checkboxes
              name="releaseAttributes"
              values={RELEASE_ATTRIBUTES}
              firstId={fid('releaseAttributes')}
              ticked={(attribute) => release.attributes.includes(attribute)}
              onToggle={(attribute, on) => onChange({ ...release, attributes: RELEASE_ATTRIBUTES.filter((a) => (a === attribute ? on : release.attributes.includes(a))) })}
            >
              {(attribute) => t(`release.attribute.${attribute}`)}
            </Checkboxes>
          </Choices>
        </div>
      ) : (
        <p id={fid('releaseId')} className={`mt-3 ${small}`}>
          {t('release.adminOnly')} <FieldError id={`${fid('releaseId')}-error`} error={errors.releaseId} />
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
    </Section>
  );
}
