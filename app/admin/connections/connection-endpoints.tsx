'use client';
/** The connection's endpoints: each left empty uses the provider's own address for the environment, where it has one. */
import { useTranslations } from 'next-intl';
import type { EndpointName } from '@/lib/admin/connections';
import { input } from '../_lib/styles';
import { ConnectionField, Section, type SectionProps } from './connection-fields';

export const ENDPOINTS: EndpointName[] = ['token', 'api', 'verify'];

export function EndpointsSection({ spec, errors, value }: SectionProps) {
  const t = useTranslations('admin');

  const endpointHint = (name: EndpointName) => {
    const defaults = spec.endpointDefaults[name];
    const listed = spec.environments.filter((environment) => defaults[environment]).map((environment) => `${t(`connections.environments.${environment}`)}: ${defaults[environment]}`);
    if (listed.length > 0) return t('connections.form.endpointDefault', { defaults: listed.join(' · ') });
    return name === 'verify' ? t('connections.form.endpointUnused') : t('connections.form.endpointRequired', { provider: spec.providerName });
  };

  // An endpoint the provider has no public address for must be given (endpointHint says so).
  const endpointNeeded = (name: EndpointName) => name !== 'verify' && spec.environments.every((environment) => !spec.endpointDefaults[name][environment]);

  return (
    <Section legend={t('connections.form.endpointsLegend')} intro={t('connections.form.endpointsIntro')}>
      {ENDPOINTS.map((name) => {
        const key = `endpoints.${name}`;
        return (
          <ConnectionField key={key} name={key} required={endpointNeeded(name)} hint={endpointHint(name)} error={errors[key]}>
            {(control) => (
              <input {...control} name={key} type="url" inputMode="url" autoComplete="off" spellCheck={false} defaultValue={value(key)} aria-required={endpointNeeded(name)} className={`${input} font-mono`} />
            )}
          </ConnectionField>
        );
      })}
    </Section>
  );
}
