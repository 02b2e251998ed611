'use client';
/**
 * The create/edit form of one provider's connection, built from what
 * PROVIDERS declares (lib/admin/connections.ts connectionFormSpec). Secrets
 * are write-only: their fields always start empty, say whether a value is
 * stored, and a field left empty keeps it. Works without JavaScript (the
 * server action renders the state); with it, focus goes to the problems.
 */
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef } from 'react';
import type { ConnectionFormSpec } from '@/lib/admin/connections';
import { ErrorList, inOrder } from '../_lib/form';
import { noticeWarning, primaryButton, secondaryButton } from '../_lib/styles';
import { saveConnectionAction } from './actions';
import { ENDPOINTS, EndpointsSection } from './connection-endpoints';
import { fieldId, useFieldWords } from './connection-fields';
import { SecretsSection } from './connection-secrets';
import { SettingsSection } from './connection-settings';
import type { ConnectionFormState } from './types';

export interface ConnectionFormProps {
  mode: 'create' | 'edit';
  spec: ConnectionFormSpec;
  /** The settings that are not secrets, as the fields show them. */
  initial: Record<string, string>;
  /** Each secret field: whether a value is stored. */
  secretsStored: Record<string, boolean>;
  /** Edit mode: the connection's id. */
  original?: string;
  /** False without SECRETS_KEY: secrets can be neither typed nor stored, and the form says so first. */
  keepsSecrets: boolean;
}

export function ConnectionForm({ mode, spec, initial, secretsStored, original, keepsSecrets }: ConnectionFormProps) {
  const t = useTranslations('admin');
  const words = useFieldWords();
  const [state, dispatch, pending] = useActionState<ConnectionFormState, FormData>(saveConnectionAction, { status: 'idle' });
  const summary = useRef<HTMLDivElement>(null);
  const errors = state.errors ?? {};
  // Fields are uncontrolled, and the form is drawn anew for each answer (its
  // key) with what was submitted — secrets excepted: they start empty again.
  const values: Record<string, string> = { ...initial, ...state.values };
  const value = (name: string) => values[name] ?? '';

  // After a refused save, focus goes to the problems.
  useEffect(() => {
    if (state.status !== 'idle') summary.current?.focus();
  }, [state]);

  const secretsBlocked = !keepsSecrets && spec.fields.some((field) => field.secret);
  const order = ['id', 'environment', 'clientId', ...spec.fields.map((field) => field.name), ...ENDPOINTS.map((name) => `endpoints.${name}`)];

  return (
    <form key={state.attempt ?? 0} action={dispatch} noValidate className="space-y-6" data-provider={spec.provider}>
      <input type="hidden" name="provider" value={spec.provider} />
      {original ? <input type="hidden" name="original" value={original} /> : null}

      {secretsBlocked && state.status === 'idle' ? (
        <div className={noticeWarning} data-testid="secrets-key-missing">
          <p className="font-semibold">{t('connections.secretsKey.title')}</p>
          <p className="mt-1">{t('connections.secretsKey.form')}</p>
        </div>
      ) : null}
      {state.status !== 'idle' ? (
        <ErrorList ref={summary} message={state.message} problems={state.problems} fields={inOrder(order, errors)} target={fieldId} text={({ name, message }) => `${words.label(name)}: ${message}`}>
          {state.secretsCleared ? <p className="mt-2">{t('connections.form.secretsCleared')}</p> : null}
        </ErrorList>
      ) : null}

      <SettingsSection mode={mode} original={original} spec={spec} errors={errors} value={value} />
      <SecretsSection spec={spec} errors={errors} secretsStored={secretsStored} blocked={secretsBlocked} />
      <EndpointsSection spec={spec} errors={errors} value={value} />

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? t('connections.form.working') : mode === 'create' ? t('connections.form.create') : t('connections.form.save')}
        </button>
        <a href="/admin/connections" className={secondaryButton}>
          {t('connections.form.cancel')}
        </a>
      </div>
    </form>
  );
}
