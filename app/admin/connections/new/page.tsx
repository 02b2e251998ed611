import { connectionFormSpec, listConnections } from '@/lib/admin/connections';
import { refusePage, requireStaff } from '../../_lib/guard';
import { admin } from '../../_lib/present';
import { card, muted } from '../../_lib/styles';
import { ConnectionForm } from '../connection-form';
import { ConnectionPageHead, ProviderChoices } from '../page-parts';
import { connectionsContext } from '../present';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** A new connection: the form of the provider chosen (?provider=libris), or the choice of providers. */
export default async function NewConnection({ searchParams }: { searchParams: Search }) {
  const { identity } = await requireStaff();
  const ctx = await connectionsContext();
  const words = await admin();
  const { t } = words;
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
        <ProviderChoices words={words} />
      </section>
    );
  }

  return (
    <div className="space-y-6">
      <ConnectionPageHead words={words} title={t('connections.newTitle', { provider: spec.providerName })}>
        {t('connections.newIntro', { provider: spec.providerName })}
      </ConnectionPageHead>
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
