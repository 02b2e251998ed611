'use client';
/**
 * The connection's secrets, write-only: each field starts empty and says
 * whether a value is stored; one left empty keeps it. Without SECRETS_KEY
 * they are closed, and say why.
 */
import { useTranslations } from 'next-intl';
import { badgeNeutral } from '../_lib/styles';
import { ConnectionField, Section, SettingInput, useFieldWords, type SectionProps } from './connection-fields';

export function SecretsSection({ spec, errors, secretsStored, blocked }: Omit<SectionProps, 'value'> & { secretsStored: Record<string, boolean>; blocked: boolean }) {
  const t = useTranslations('admin');
  const words = useFieldWords();
  const secrets = spec.fields.filter((field) => field.secret);
  if (secrets.length === 0) return null;
  return (
    <Section legend={t('connections.form.secretsLegend')} intro={t('connections.form.secretsIntro')}>
      {secrets.map((field) => {
        const stored = secretsStored[field.name] === true;
        const hint = words.hint(field.name);
        return (
          <ConnectionField
            key={field.name}
            name={field.name}
            required={!stored}
            state={
              <span className={badgeNeutral} data-secret-state={stored ? 'stored' : 'not-set'}>
                {stored ? t('connections.secretStored') : t('connections.secretNotSet')}
              </span>
            }
            hint={
              <>
                {hint ? <>{hint} </> : null}
                {blocked ? t('connections.secretsKey.field') : stored ? t('connections.form.secretStoredHint') : t('connections.form.secretNotSetHint')}
                {field.multiline ? <> {t('connections.form.pemHint')}</> : null}
              </>
            }
            error={errors[field.name]}
          >
            {/* Never a value: what is typed is sent once, and the field is empty again after every answer. */}
            {(control) => <SettingInput control={control} field={field} defaultValue="" required={!stored} disabled={blocked} />}
          </ConnectionField>
        );
      })}
    </Section>
  );
}
