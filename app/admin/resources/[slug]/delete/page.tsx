import { readResource } from '@/lib/admin/actions';
import { deleteAction } from '../../../actions';
import { refusePage, requireStaff } from '../../../_lib/guard';
import { admin } from '../../../_lib/present';
import { card, dangerButton, muted, noticeError, secondaryButton } from '../../../_lib/styles';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Deleting asks once more, on its own page: no script needed, and a stray click deletes nothing. */
export default async function DeleteResource({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Search }) {
  const { slug } = await params;
  const { identity, ctx } = await requireStaff();
  const { t } = await admin();
  const result = await readResource(identity, slug, ctx);
  if (!result.ok) return refusePage(result);
  const { resource, fingerprint } = result;
  const search = await searchParams;
  return (
    <section aria-labelledby="confirm" className={card}>
      {search.problem ? (
        <p role="alert" className={`mb-4 ${noticeError}`}>
          {t(`problems.${search.problem === 'conflict' ? 'conflict' : 'other'}`)}
        </p>
      ) : null}
      <h1 id="confirm" className="text-2xl font-bold">
        {t('delete.title', { name: resource.name })}
      </h1>
      <p className={`mt-3 ${muted}`}>{t('delete.message', { slug: resource.slug })}</p>
      <p className={`mt-2 ${muted}`}>{t('delete.alternative')}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <form action={deleteAction}>
          <input type="hidden" name="slug" value={resource.slug} />
          <input type="hidden" name="fingerprint" value={fingerprint} />
          <button type="submit" className={dangerButton}>
            {t('delete.confirm', { name: resource.name })}
          </button>
        </form>
        <a href={`/admin/resources/${encodeURIComponent(resource.slug)}`} className={secondaryButton}>
          {t('delete.cancel')}
        </a>
      </div>
    </section>
  );
}
