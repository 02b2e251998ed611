'use client';
/**
 * The create/edit form of one provider's connection, built from what
 * PROVIDERS declares (lib/admin/connections.ts connectionFormSpec). Secrets
 * are write-only: their fields always start empty, say whether a value is
 * stored, and a field left empty keeps it. Works without JavaScript (the
 * server action renders the state); with it, focus goes to the problems.
 */
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import type { ConnectionFormSpec, EndpointName, FormField } from '@/lib/admin/connections';
import { badgeNeutral, card, fieldError, hint, input, label, muted, noticeError, noticeWarning, primaryButton, secondaryButton } from '../_lib/styles';
import { saveConnectionAction } from './actions';
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

const ENDPOINTS: EndpointName[] = ['token', 'api', 'verify'];

const fieldId = (name: string) => `connection-${name.replace(/\./g, '-')}`;

function Field({
  name,
  text,
  help,
  error,
  extra,
  children,
}: {
  name: string;
  text: ReactNode;
  help?: ReactNode;
  error?: string;
  /** Also read with the field (whether a secret is stored). */
  extra?: ReactNode;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const id = fieldId(name);
  const describedBy = [extra ? `${id}-state` : '', help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div data-field={name}>
      <label htmlFor={id} className={label}>
        {text}
      </label>
      {extra ? (
        <span id={`${id}-state`} className="mt-1 block">
          {extra}
        </span>
      ) : null}
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

export function ConnectionForm({ mode, spec, initial, secretsStored, original, keepsSecrets }: ConnectionFormProps) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<ConnectionFormState, FormData>(saveConnectionAction, { status: 'idle' });
  const summary = useRef<HTMLDivElement>(null);
  const errors = state.errors ?? {};
  // Fields are uncontrolled, and the form is drawn anew for each answer (its
  // key) with what was submitted — secrets excepted: they start empty again.
  const values: Record<string, string> = { ...initial, ...state.values };

  // After a refused save, focus goes to the problems.
  useEffect(() => {
    if (state.status !== 'idle') summary.current?.focus();
  }, [state]);

  const has = (key: string) => t.has(key);
  const fieldLabel = (name: string) => (has(`connections.fields.${name}`) ? t(`connections.fields.${name}`) : name);
  const fieldHint = (name: string) => (has(`connections.hints.${name}`) ? t(`connections.hints.${name}`) : undefined);
  const value = (name: string) => values[name] ?? '';
  // Every field says whether it must be filled in.
  const optional = (required: boolean) => <span className="font-normal text-slate-600 dark:text-slate-400"> ({required ? t('required') : t('connections.form.optional')})</span>;
  const secretsBlocked = !keepsSecrets && spec.fields.some((field) => field.secret);

  const settings = spec.fields.filter((field) => !field.secret);
  const secrets = spec.fields.filter((field) => field.secret);
  const order = ['id', 'environment', 'clientId', ...spec.fields.map((field) => field.name), ...ENDPOINTS.map((name) => `endpoints.${name}`)];
  const errorList = order.filter((name) => errors[name]).map((name) => ({ name, message: errors[name] as string }));
  const problems = state.problems ?? [];

  const endpointHint = (name: EndpointName) => {
    const defaults = spec.endpointDefaults[name];
    const listed = spec.environments.filter((environment) => defaults[environment]).map((environment) => `${t(`connections.environments.${environment}`)}: ${defaults[environment]}`);
    if (listed.length > 0) return t('connections.form.endpointDefault', { defaults: listed.join(' · ') });
    return name === 'verify' ? t('connections.form.endpointUnused') : t('connections.form.endpointRequired', { provider: spec.providerName });
  };

  // An endpoint the provider has no public address for must be given (endpointHint says so).
  const endpointNeeded = (name: EndpointName) => name !== 'verify' && spec.environments.every((environment) => !spec.endpointDefaults[name][environment]);

  const textField = (field: FormField) => (
    <Field key={field.name} name={field.name} text={<>{fieldLabel(field.name)}{optional(field.required)}</>} help={field.multiline ? <>{fieldHint(field.name)} {t('connections.form.pemHint')}</> : fieldHint(field.name)} error={errors[field.name]}>
      {(describedBy, invalid) =>
        field.multiline ? (
          <textarea
            id={fieldId(field.name)}
            name={field.name}
            rows={6}
            spellCheck={false}
            autoComplete="off"
            defaultValue={value(field.name)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            aria-required={field.required}
            className={`${input} font-mono text-sm`}
          />
        ) : (
          <input
            id={fieldId(field.name)}
            name={field.name}
            autoComplete="off"
            spellCheck={false}
            defaultValue={value(field.name)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            aria-required={field.required}
            className={`${input} font-mono`}
          />
        )
      }
    </Field>
  );

  const secretField = (field: FormField) => {
    const stored = secretsStored[field.name] === true;
    return (
      <Field
        key={field.name}
        name={field.name}
        text={<>{fieldLabel(field.name)}{optional(!stored)}</>}
        extra={
          <span className={badgeNeutral} data-secret-state={stored ? 'stored' : 'not-set'}>
            {stored ? t('connections.secretStored') : t('connections.secretNotSet')}
          </span>
        }
        help={
          <>
            {fieldHint(field.name) ? <>{fieldHint(field.name)} </> : null}
            {secretsBlocked ? t('connections.secretsKey.field') : stored ? t('connections.form.secretStoredHint') : t('connections.form.secretNotSetHint')}
            {field.multiline ? <> {t('connections.form.pemHint')}</> : null}
          </>
        }
        error={errors[field.name]}
      >
        {(describedBy, invalid) =>
          // Never a value: what is typed is sent once, and the field is empty again after every answer.
          field.multiline ? (
            <textarea
              id={fieldId(field.name)}
              name={field.name}
              rows={6}
              spellCheck={false}
              autoComplete="off"
              defaultValue=""
              disabled={secretsBlocked}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              aria-required={!stored}
              className={`${input} font-mono text-sm disabled:opacity-60`}
            />
          ) : (
            <input
              id={fieldId(field.name)}
              name={field.name}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              defaultValue=""
              disabled={secretsBlocked}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              aria-required={!stored}
              className={`${input} font-mono disabled:opacity-60`}
            />
          )
        }
      </Field>
    );
  };

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
        <div ref={summary} tabIndex={-1} role="alert" className={noticeError} data-testid="form-problems">
          {state.message ? <p className="font-semibold">{state.message}</p> : null}
          {errorList.length > 0 || problems.length > 0 ? (
            <ul className="mt-2 list-disc pl-5">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
              {errorList.map(({ name, message }) => (
                <li key={name}>
                  <a href={`#${fieldId(name)}`} className="underline underline-offset-2">
                    {fieldLabel(name)}: {message}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {state.secretsCleared ? <p className="mt-2">{t('connections.form.secretsCleared')}</p> : null}
        </div>
      ) : null}

      <fieldset className={`${card} space-y-5`}>
        <legend className="px-1 text-lg font-semibold">{t('connections.form.settings')}</legend>
        <div className="grid gap-5 md:grid-cols-2">
          {mode === 'create' ? (
            <Field name="id" text={<>{fieldLabel('id')}{optional(true)}</>} help={fieldHint('id')} error={errors.id}>
              {(describedBy, invalid) => (
                <input
                  id={fieldId('id')}
                  name="id"
                  autoComplete="off"
                  spellCheck={false}
                  defaultValue={value('id')}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  aria-required
                  className={`${input} font-mono`}
                />
              )}
            </Field>
          ) : (
            <Field name="id" text={fieldLabel('id')} help={t('connections.form.idFixed')} error={errors.id}>
              {(describedBy) => (
                <input id={fieldId('id')} name="id" value={original ?? ''} readOnly aria-describedby={describedBy} className={`${input} bg-slate-100 font-mono dark:bg-slate-800`} />
              )}
            </Field>
          )}
          <Field name="environment" text={<>{fieldLabel('environment')}{optional(spec.needsEnvironment)}</>} help={fieldHint('environment')} error={errors.environment}>
            {(describedBy, invalid) => (
              <select
                id={fieldId('environment')}
                name="environment"
                defaultValue={value('environment')}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                aria-required={spec.needsEnvironment}
                className={input}
              >
                <option value="">{spec.needsEnvironment ? t('connections.form.chooseEnvironment') : t('connections.form.noEnvironment')}</option>
                {spec.environments.map((environment) => (
                  <option key={environment} value={environment}>
                    {t(`connections.environments.${environment}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="clientId" text={<>{fieldLabel('clientId')}{optional(true)}</>} help={fieldHint('clientId')} error={errors.clientId}>
            {(describedBy, invalid) => (
              <input
                id={fieldId('clientId')}
                name="clientId"
                autoComplete="off"
                spellCheck={false}
                defaultValue={value('clientId')}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                aria-required
                className={`${input} font-mono`}
              />
            )}
          </Field>
          {settings.filter((field) => !field.multiline).map(textField)}
        </div>
        {settings.filter((field) => field.multiline).map(textField)}
      </fieldset>

      {secrets.length > 0 ? (
        <fieldset className={`${card} space-y-5`}>
          <legend className="px-1 text-lg font-semibold">{t('connections.form.secretsLegend')}</legend>
          <p className={muted}>{t('connections.form.secretsIntro')}</p>
          {secrets.map(secretField)}
        </fieldset>
      ) : null}

      <fieldset className={`${card} space-y-5`}>
        <legend className="px-1 text-lg font-semibold">{t('connections.form.endpointsLegend')}</legend>
        <p className={muted}>{t('connections.form.endpointsIntro')}</p>
        {ENDPOINTS.map((name) => {
          const key = `endpoints.${name}`;
          return (
            <Field key={key} name={key} text={<>{fieldLabel(key)}{optional(endpointNeeded(name))}</>} help={endpointHint(name)} error={errors[key]}>
              {(describedBy, invalid) => (
                <input
                  id={fieldId(key)}
                  name={key}
                  type="url"
                  inputMode="url"
                  autoComplete="off"
                  spellCheck={false}
                  defaultValue={value(key)}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  aria-required={endpointNeeded(name)}
                  className={`${input} font-mono`}
                />
              )}
            </Field>
          );
        })}
      </fieldset>

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
