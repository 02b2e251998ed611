'use client';
/**
 * "Test connection": one button, and the answer in words below it — whether
 * it works, until when the token is valid and its scope, what the provider
 * says about the client (Libris: its sigels and their levels), warnings, and
 * on failure a plain sentence and the provider's own words.
 */
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef } from 'react';
import { badgeAllowed, badgeDenied, badgeNeutral, muted, noticeError, secondaryButton, small, table, td, th } from '../_lib/styles';
import { testConnectionAction } from './actions';
import type { TestState, TestView } from './types';
import { ScrollRegion } from '../_lib/scroll-region';

function Result({ result, id }: { result: TestView; id: string }) {
  const t = useTranslations('admin');
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-2 font-semibold">
        <span className={result.ok ? badgeAllowed : badgeDenied}>{result.ok ? '✓' : '✗'}</span>
        <span data-testid="test-headline">{result.headline}</span>
      </p>
      {result.failure ? (
        <div className={noticeError} data-failure={result.failure.code}>
          <p className="font-semibold">{result.failure.sentence}</p>
          <p className="mt-1 text-sm">{result.failure.detail}</p>
        </div>
      ) : null}
      {result.expires || result.scope || result.parameters.length > 0 ? (
        <ul className={`space-y-0.5 ${muted}`}>
          {result.expires ? <li>{result.expires}</li> : null}
          {result.scope ? <li>{result.scope}</li> : null}
          {result.parameters.length > 0 ? (
            <li>
              {t('connections.test.parameters')}:{' '}
              {result.parameters.map((parameter) => (
                <span key={parameter.name} className="mr-2 font-mono text-sm">
                  {parameter.name}={parameter.value}
                </span>
              ))}
            </li>
          ) : null}
        </ul>
      ) : null}
      {result.account || result.sigels || result.lines.length > 0 ? (
        <div>
          <h3 className="font-semibold">{result.detailsTitle}</h3>
          {result.account ? <p className={muted}>{result.account}</p> : null}
          {result.sigels ? (
            <ScrollRegion label={t('connections.test.sigelsCaption')} className="mt-2">
              <table className={table} data-testid={`sigels-${id}`}>
                <caption className="sr-only">{t('connections.test.sigelsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className={th}>
                      {t('connections.test.sigel')}
                    </th>
                    <th scope="col" className={th}>
                      {t('connections.test.level')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.sigels.map((sigel) => (
                    <tr key={sigel.code} data-sigel={sigel.code} data-level={sigel.level}>
                      <th scope="row" className={`${td} font-normal`}>
                        <span className="font-mono font-semibold">{sigel.code}</span>
                        {sigel.name ? <span className={`block ${small}`}>{sigel.name}</span> : null}
                      </th>
                      <td className={td}>
                        {sigel.levelText}
                        {sigel.active ? <span className={`ml-2 ${badgeNeutral}`}>{t('connections.test.active')}</span> : null}
                        {sigel.globalRegistrant ? <span className={`ml-2 ${badgeNeutral}`}>{t('connections.test.globalRegistrant')}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ) : null}
          {result.lines.length > 0 ? (
            <ul className={`mt-1 list-disc space-y-0.5 pl-5 ${muted}`}>
              {result.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {result.warnings.length > 0 ? (
        <div>
          <h3 className="font-semibold">{t('connections.test.warnings')}</h3>
          <ul className={`mt-1 list-disc space-y-0.5 pl-5 ${muted}`}>
            {result.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className={small}>{result.checked}</p>
    </div>
  );
}

export function CheckPanel({ id }: { id: string }) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<TestState, FormData>(testConnectionAction, { status: 'idle' });
  const outcome = useRef<HTMLDivElement>(null);

  // The answer gets the focus, so that a keyboard or screen reader user is taken to it.
  useEffect(() => {
    if (state.status !== 'idle') outcome.current?.focus();
  }, [state]);

  return (
    <div data-testid={`test-${id}`} className="space-y-3">
      <form action={dispatch}>
        <input type="hidden" name="id" value={id} />
        <button type="submit" disabled={pending} className={secondaryButton} aria-label={pending ? undefined : t('connections.test.buttonNamed', { id })}>
          {pending ? t('connections.test.testing') : t('connections.test.button')}
        </button>
      </form>
      <div ref={outcome} tabIndex={-1} role="status" aria-live="polite" data-testid={`test-result-${id}`} data-ok={state.result ? String(state.result.ok) : undefined}>
        {state.status === 'refused' && state.message ? <p className={noticeError}>{state.message}</p> : null}
        {state.result ? <Result result={state.result} id={id} /> : null}
      </div>
    </div>
  );
}
