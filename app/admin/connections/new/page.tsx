import { connectionFormSpec, listConnections, providerChoices } from '@/lib/admin/connections';
import { refusePage, requireStaff } from '../../_lib/guard';
import { admin } from '../../_lib/present';
import { card, linkButton, muted, secondaryButton } from '../../_lib/styles';
import { ConnectionForm } from '../connection-form';
import { connectionsContext } from '../present';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** A new connection: the form of the provider chosen (?provider=libris), or the choice of providers. */
export default async function NewConnection({ searchParams }: { searchParams: Search }) {
  const { identity } = await requireStaff();
  const ctx = await connectionsContext();
  const { t } = await admin();
  // Admins only, like every connection page.
  const allowed = await listConnections(identity, ctx);
  if (!allowed.ok) return refusePage(allowed);
  const wanted = (await searchParams).provider;
  const spec = connectionFormSpec(typeof wanted === 'string' ? wanted : '');

  if (!spec) {
    return (
      <section aria-labelledby="connection-new" className={card}>
        <h1 id="connection-new" className="text-2xl font-bold">
          {t('connections.addTitle')}
        </h1>
        <p className={`mt-2 ${muted}`}>{t('connections.unknownProvider')}</p>
        <ul className="mt-4 flex flex-wrap gap-3">
          {providerChoices().map((provider) => (
            <li key={provider.id}>
              <a href={`/admin/connections/new?provider=${encodeURIComponent(provider.id)}`} className={secondaryButton}>
                {t('connections.addProvider', { provider: provider.name })}
              </a>
            </li>
          ))}
        </ul>
      </section>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <p>
          <a href="/admin/connections" className={linkButton}>
            {t('connections.back')}
          </a>
        </p>
        <h1 className="mt-3 text-2xl font-bold">{t('connections.newTitle', { provider: spec.providerName })}</h1>
        <p className={`mt-2 ${muted}`}>{t('connections.newIntro', { provider: spec.providerName })}</p>
      </div>
      <ConnectionForm
        mode="create"
        spec={spec}
        initial={{ id: '', environment: '', clientId: '' }}
        secretsStored={Object.fromEntries(spec.fields.filter((field) => field.secret).map((field) => [field.name, false]))}
        keepsSecrets={allowed.keepsSecrets}
      />
    </div>
  );
}
