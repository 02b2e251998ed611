import { localDate } from '@/lib/access';
import { examplePatronInfo } from '@/lib/admin/try-patron';
import { requireStaff } from '../_lib/guard';
import { admin } from '../_lib/present';
import { muted } from '../_lib/styles';
import { TryPatronForm } from './try-form';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const EXAMPLES = ['adult', 'expired', 'minor', 'no-record'] as const;

/** Try a patron: a pasted /api/patrons/info answer, judged against every resource this staff member may see. */
export default async function TryPatron({ searchParams }: { searchParams: Search }) {
  const { staff, ctx } = await requireStaff();
  const { t } = await admin();
  const today = localDate(ctx.now, ctx.timeZone);
  const wanted = (await searchParams).example;
  const example = EXAMPLES.find((kind) => kind === wanted);
  const institution = staff.role === 'librarian' ? staff.institutions[0] : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('try.title')}</h1>
        <p className={`mt-2 ${muted}`}>{t('try.intro')}</p>
      </div>
      <TryPatronForm
        today={today}
        initialText={example ? examplePatronInfo(example, today, institution) : ''}
        examples={EXAMPLES.map((kind) => ({ kind, label: t(`try.examples.${kind}`) }))}
      />
    </div>
  );
}
