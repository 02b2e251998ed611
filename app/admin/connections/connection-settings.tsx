'use client';
/** The connection's settings that are not secrets: its id, environment, client id and the provider's own settings. */
import { useTranslations } from 'next-intl';
import type { FormField } from '@/lib/admin/connections';
import { input } from '../_lib/styles';
import { ConnectionField, Section, SettingInput, useFieldWords, type SectionProps } from './connection-fields';

export function SettingsSection({ mode, original, spec, errors, value }: SectionProps & { mode: 'create' | 'edit'; original?: string }) {
  const t = useTranslations('admin');
  const words = useFieldWords();
  const settings = spec.fields.filter((field) => !field.secret);

  // A one-line setting (the id, the client id) is a text field that must be filled in.
  const line = (name: string) => (
    <ConnectionField name={name} required hint={words.hint(name)} error={errors[name]}>
      {(control) => <SettingInput control={control} field={{ name, secret: false, multiline: false }} defaultValue={value(name)} required />}
    </ConnectionField>
  );
  const setting = (field: FormField) => (
    <ConnectionField key={field.name} name={field.name} required={field.required} hint={field.multiline ? <>{words.hint(field.name)} {t('connections.form.pemHint')}</> : words.hint(field.name)} error={errors[field.name]}>
      {(control) => <SettingInput control={control} field={field} defaultValue={value(field.name)} required={field.required} />}
    </ConnectionField>
  );

  return (
    <Section legend={t('connections.form.settings')}>
      <div className="grid gap-5 md:grid-cols-2">
        {mode === 'create' ? (
          line('id')
        ) : (
          // The id names the connection everywhere (links, the audit trail): it is chosen once.
          <ConnectionField name="id" hint={t('connections.form.idFixed')} error={errors.id}>
            {(control) => <input id={control.id} name="id" value={original ?? ''} readOnly aria-describedby={control['aria-describedby']} className={`${input} bg-slate-100 font-mono dark:bg-slate-800`} />}
          </ConnectionField>
        )}
        <ConnectionField name="environment" required={spec.needsEnvironment} hint={words.hint('environment')} error={errors.environment}>
          {(control) => (
            <select {...control} name="environment" defaultValue={value('environment')} aria-required={spec.needsEnvironment} className={input}>
              <option value="">{spec.needsEnvironment ? t('connections.form.chooseEnvironment') : t('connections.form.noEnvironment')}</option>
              {spec.environments.map((environment) => (
                <option key={environment} value={environment}>
                  {t(`connections.environments.${environment}`)}
                </option>
              ))}
            </select>
          )}
        </ConnectionField>
        {line('clientId')}
        {settings.filter((field) => !field.multiline).map(setting)}
      </div>
      {settings.filter((field) => field.multiline).map(setting)}
    </Section>
  );
}
