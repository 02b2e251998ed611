import { localDate } from '@/lib/access';
import { readResource } from '@/lib/admin/actions';
import { directoryForPickers } from '@/lib/admin/directory';
import { formOf } from '@/lib/admin/resource-form';
import { setEnabledAction } from '../../actions';
import { refusePage, requireStaff } from '../../_lib/guard';
import { admin, pickerDirectory } from '../../_lib/present';
import { badgeDenied, linkButton, muted, noticeError, noticeSuccess, secondaryButton } from '../../_lib/styles';
import { ResourceEditor } from '../editor';
import { Card } from '@/app/card';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function EditResource({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Search }) {
  const { slug } = await params;
  const { identity, staff, ctx } = await requireStaff();
  const words = await admin();
  const { t } = words;
  const result = await readResource(identity, slug, ctx);
  if (!result.ok) return refusePage(result);
  const { resource, fingerprint } = result;
  const directory = pickerDirectory(words, await directoryForPickers(ctx));
  const search = await searchParams;
  const back = `/admin/resources/${encodeURIComponent(resource.slug)}`;
  return (
    <div className="space-y-6">
      {search.enabled || search.disabled ? (
        <p role="status" className={noticeSuccess}>
          {t(search.enabled ? 'notices.enabled' : 'notices.disabled', { slug: resource.slug })}
        </p>
      ) : null}
      {search.problem ? (
        <p role="alert" className={noticeError}>
          {t(`problems.${search.problem === 'conflict' ? 'conflict' : 'other'}`)}
        </p>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">
            {t('editor.editTitle', { name: resource.name })} {resource.enabled ? null : <span className={badgeDenied}>{t('list.disabled')}</span>}
          </h1>
          <p className={`mt-2 ${muted}`}>{t('editor.editIntro')}</p>
        </div>
      </div>
      <ResourceEditor
        mode="edit"
        initial={formOf(resource)}
        original={{ slug: resource.slug, fingerprint }}
        {...(staff.role === 'librarian' ? { scope: staff.institutions } : {})}
        today={localDate(ctx.now, ctx.timeZone)}
        {...(directory ? { directory } : {})}
      />
      <Card id="other-actions" title={t('editor.otherActions')}>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <form action={setEnabledAction}>
            <input type="hidden" name="slug" value={resource.slug} />
            <input type="hidden" name="fingerprint" value={fingerprint} />
            <input type="hidden" name="enabled" value={resource.enabled ? 'false' : 'true'} />
            <input type="hidden" name="back" value={back} />
            <button type="submit" className={secondaryButton}>
              {resource.enabled ? t('list.disable') : t('list.enable')}
            </button>
          </form>
          <a href={`${back}/delete`} className={linkButton}>
            {t('list.delete')}
          </a>
        </div>
        <p className={`mt-2 text-sm ${muted}`}>{t('editor.disableHint')}</p>
      </Card>
    </div>
  );
}
