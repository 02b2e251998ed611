import { listConnections, shownState } from '@/lib/admin/connections';
import type { ConnectionSummary } from '@/lib/connections';
import { refusePage, requireStaff } from '../_lib/guard';
import { admin } from '../_lib/present';
import { badgeAllowed, badgeDenied, badgeNeutral, card, linkButton, muted, noticeError, noticeSuccess, noticeWarning, secondaryButton, small } from '../_lib/styles';
import { connectionsContext, dateTime, failureSentence } from './present';
import { ProviderChoices } from './page-parts';
import { CheckPanel } from './check-panel';
import { Card } from '@/app/card';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

type Words = Awaited<ReturnType<typeof admin>>;

function Status({ words, connection }: { words: Words; connection: ConnectionSummary }) {
  const { t } = words;
  const { message } = connection.status;
  // A failed test is not "Ready": the last test says why (failureSentence, below).
  const state = shownState(connection.status);
  return (
    <>
      <span className={state === 'ready' ? badgeAllowed : badgeDenied} data-state={state}>
        {t(`connections.states.${state}`)}
      </span>
      {state === 'ready' ? null : (
        <span className={`mt-1 block ${small}`}>
          {t(`connections.stateHints.${state}`)} {state === 'failing' ? null : <span className="font-mono">{message}</span>}
        </span>
      )}
    </>
  );
}

function LastTest({ words, timeZone, connection }: { words: Words; timeZone: string; connection: ConnectionSummary }) {
  const { t } = words;
  const last = connection.status.lastTest;
  if (!last) return <span className={small}>{t('connections.neverTested')}</span>;
  const at = dateTime(words, timeZone, last.at);
  return (
    <span data-last-test={last.ok ? 'ok' : (last.code ?? 'failed')}>
      <span className={last.ok ? badgeAllowed : badgeDenied}>{last.ok ? '✓' : '✗'}</span> {last.ok ? t('connections.lastTestOk', { at }) : t('connections.lastTestFailed', { at })}
      {!last.ok && last.code ? <span className={`mt-1 block ${small}`}>{failureSentence(words, last.code)}</span> : null}
    </span>
  );
}

/** Provider connections, for admins only: each with its status and last test, a test button, and links to edit or delete it. */
export default async function Connections({ searchParams }: { searchParams: Search }) {
  const { identity } = await requireStaff();
  const ctx = await connectionsContext();
  const words = await admin();
  const { t } = words;
  const result = await listConnections(identity, ctx);
  if (!result.ok) return refusePage(result);
  const search = await searchParams;
  const created = one(search.created);
  const saved = one(search.saved);
  const deleted = one(search.deleted);
  const problem = one(search.problem);
  const notice = created ? t('connections.created', { id: created }) : saved ? t('connections.saved', { id: saved }) : deleted ? t('connections.deleted', { id: deleted }) : undefined;

  return (
    <div className="space-y-6">
      {notice ? (
        <p role="status" className={noticeSuccess}>
          {notice}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className={noticeError}>
          {t(problem === 'not-found' ? 'connections.problems.not-found' : 'connections.problems.other')}
        </p>
      ) : null}
      <section aria-labelledby="connections" className={card}>
        <h1 id="connections" className="text-2xl font-bold">
          {t('connections.title')}
        </h1>
        <p className={`mt-2 ${muted}`}>{t('connections.intro')}</p>
        {result.keepsSecrets ? null : (
          <div className={`mt-4 ${noticeWarning}`} data-testid="secrets-key-missing">
            <p className="font-semibold">{t('connections.secretsKey.title')}</p>
            <p className="mt-1">{t('connections.secretsKey.list')}</p>
          </div>
        )}
        {result.connections.length === 0 ? <p className={`mt-4 ${muted}`}>{t('connections.empty')}</p> : null}
      </section>

      {result.connections.map((connection) => {
        const headingId = `connection-${connection.id}`;
        const overrides = Object.entries(connection.entry.endpoints ?? {}).filter(([, url]) => typeof url === 'string');
        return (
          <section key={connection.id} aria-labelledby={headingId} className={card} data-connection={connection.id}>
            <div className="flex flex-wrap items-baseline justify-between gap-3">
              <h2 id={headingId} className="font-mono text-xl font-bold">
                {connection.id}
              </h2>
              <span className={badgeNeutral}>{connection.providerName}</span>
            </div>
            <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
              <dt className="font-semibold">{t('connections.provider')}</dt>
              <dd>{connection.providerName}</dd>
              <dt className="font-semibold">{t('connections.environment')}</dt>
              <dd>{t(`connections.environments.${connection.environment ?? 'none'}`)}</dd>
              <dt className="font-semibold">{t('connections.clientId')}</dt>
              <dd className="font-mono break-all">{connection.clientId}</dd>
              <dt className="font-semibold">{t('connections.endpoints')}</dt>
              <dd>
                <ul className="space-y-0.5">
                  {Object.entries(connection.endpoints).map(([name, url]) => (
                    <li key={name} className="break-all">
                      <span className={small}>{t.has(`connections.fields.endpoints.${name}`) ? t(`connections.fields.endpoints.${name}`) : name}:</span>{' '}
                      <span className="font-mono text-sm">{url}</span>
                    </li>
                  ))}
                </ul>
                {overrides.length === 0 ? <span className={small}>({t('connections.defaultEndpoints')})</span> : null}
              </dd>
              <dt className="font-semibold">{t('connections.secrets')}</dt>
              <dd>
                <ul className="space-y-0.5">
                  {Object.entries(connection.secrets).map(([name, stored]) => (
                    <li key={name} data-secret={name}>
                      {t.has(`connections.fields.${name}`) ? t(`connections.fields.${name}`) : name}: <span className={badgeNeutral}>{stored ? t('connections.secretStored') : t('connections.secretNotSet')}</span>
                    </li>
                  ))}
                </ul>
              </dd>
              <dt className="font-semibold">{t('connections.status')}</dt>
              <dd data-testid={`status-${connection.id}`}>
                <Status words={words} connection={connection} />
              </dd>
              <dt className="font-semibold">{t('connections.lastTest')}</dt>
              <dd data-testid={`last-test-${connection.id}`}>
                <LastTest words={words} timeZone={ctx.timeZone} connection={connection} />
              </dd>
            </dl>
            <div className="mt-5 flex flex-wrap items-center gap-4">
              <a href={`/admin/connections/${encodeURIComponent(connection.id)}`} className={secondaryButton} aria-label={t('connections.editNamed', { id: connection.id })}>
                {t('connections.edit')}
              </a>
              <a href={`/admin/connections/${encodeURIComponent(connection.id)}/delete`} className={linkButton} aria-label={t('connections.deleteNamed', { id: connection.id })}>
                {t('connections.delete')}
              </a>
            </div>
            <div className="mt-4">
              <CheckPanel id={connection.id} />
            </div>
          </section>
        );
      })}

      <Card id="connection-add" title={t('connections.addTitle')}>
        <p className={`mt-2 ${muted}`}>{t('connections.addIntro')}</p>
        <ProviderChoices words={words} />
      </Card>
    </div>
  );
}
