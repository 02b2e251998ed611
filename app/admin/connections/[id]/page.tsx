import { connectionFormSpec, readConnection, shownState } from '@/lib/admin/connections';
import { MASKED } from '@/lib/connections';
import { refusePage, requireStaff } from '../../_lib/guard';
import { admin } from '../../_lib/present';
import { linkButton, muted, noticeError } from '../../_lib/styles';
import { ConnectionForm } from '../connection-form';
import { ConnectionPageHead } from '../page-parts';
import { connectionsContext } from '../present';
import { CheckPanel } from '../check-panel';
import { Card } from '@/app/card';

export const dynamic = 'force-dynamic';

/** Settings of a connection as the form's fields show them: text only, never a secret (stored ones are MASKED in `entry` and left out). */
function formValues(entry: Record<string, unknown>, secretNames: Set<string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (secretNames.has(name) || value === MASKED) continue;
    if (name === 'endpoints' && typeof value === 'object' && value !== null) {
      for (const [endpoint, url] of Object.entries(value)) if (typeof url === 'string') values[`endpoints.${endpoint}`] = url;
    } else if (typeof value === 'string') {
      values[name] = value;
    }
  }
  return values;
}

export default async function EditConnection({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { identity } = await requireStaff();
  const ctx = await connectionsContext();
  const words = await admin();
  const { t } = words;
  const result = await readConnection(identity, { id }, ctx);
  if (!result.ok) return refusePage(result);
  const { connection } = result;
  const spec = connectionFormSpec(connection.provider);
  const secretNames = new Set(Object.keys(connection.secrets));
  const path = `/admin/connections/${encodeURIComponent(connection.id)}`;
  return (
    <div className="space-y-6">
      <ConnectionPageHead words={words} title={t('connections.editTitle', { id: connection.id })}>
        {connection.providerName} · {t('connections.editIntro')}
      </ConnectionPageHead>
      {shownState(connection.status) === 'ready' ? null : (
        <p role="alert" className={noticeError}>
          {t(`connections.stateHints.${shownState(connection.status)}`)} {shownState(connection.status) === 'failing' ? null : <span className="font-mono">{connection.status.message}</span>}
        </p>
      )}
      {spec ? (
        <ConnectionForm mode="edit" spec={spec} original={connection.id} initial={formValues(connection.entry, secretNames)} secretsStored={connection.secrets} keepsSecrets={result.keepsSecrets} />
      ) : null}
      <Card id="connection-test" title={t('connections.test.title')}>
        <p className={`mt-2 ${muted}`}>{t('connections.test.intro')}</p>
        <div className="mt-4">
          <CheckPanel id={connection.id} />
        </div>
      </Card>
      <Card id="connection-other" title={t('editor.otherActions')}>
        <p className="mt-3">
          <a href={`${path}/delete`} className={linkButton} aria-label={t('connections.deleteNamed', { id: connection.id })}>
            {t('connections.delete')}
          </a>
        </p>
      </Card>
    </div>
  );
}
