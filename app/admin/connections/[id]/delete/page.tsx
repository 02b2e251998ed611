import { readConnection } from '@/lib/admin/connections';
import { refusePage, requireStaff } from '../../../_lib/guard';
import { admin } from '../../../_lib/present';
import { card, dangerButton, muted, secondaryButton } from '../../../_lib/styles';
import { deleteConnectionAction } from '../../actions';
import { connectionsContext } from '../../present';

export const dynamic = 'force-dynamic';

/** Deleting asks once more, on its own page: no script needed, and a stray click deletes nothing. */
export default async function DeleteConnection({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { identity } = await requireStaff();
  const ctx = await connectionsContext();
  const { t } = await admin();
  const result = await readConnection(identity, { id }, ctx);
  if (!result.ok) return refusePage(result);
  const { connection } = result;
  return (
    <section aria-labelledby="confirm" className={card}>
      <h1 id="confirm" className="text-2xl font-bold">
        {t('connections.deleteTitle', { id: connection.id })}
      </h1>
      <p className={`mt-3 ${muted}`}>{t('connections.deleteMessage', { id: connection.id, provider: connection.providerName })}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <form action={deleteConnectionAction}>
          <input type="hidden" name="id" value={connection.id} />
          <button type="submit" className={dangerButton}>
            {t('connections.deleteConfirm', { id: connection.id })}
          </button>
        </form>
        <a href={`/admin/connections/${encodeURIComponent(connection.id)}`} className={secondaryButton}>
          {t('connections.deleteCancel')}
        </a>
      </div>
    </section>
  );
}
