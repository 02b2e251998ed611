import { nameIn } from '@/lib/access';
import { readDirectory } from '@/lib/admin/directory';
import { refusePage, requireStaff } from '../../../_lib/guard';
import { admin, nameLanguages } from '../../../_lib/present';
import { muted } from '../../../_lib/styles';
import { EntryForm } from '../../entry-form';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Adding a patron type, to an institution this member may change (`?institution=`, `?code=` from a code met at sign-in). */
export default async function NewPatronType({ searchParams }: { searchParams: Search }) {
  const { identity, ctx } = await requireStaff();
  const { t, locale } = await admin();
  const listing = await readDirectory(identity, ctx);
  if (!listing.ok) return refusePage(listing);
  const choices = listing.institutions.filter((i) => i.editable).map((i) => ({ code: i.institution.code, name: nameIn(i.institution.names, locale, i.institution.code) }));
  if (choices.length === 0) return refusePage({ ok: false, code: 'out-of-scope' });
  const search = await searchParams;
  const wanted = typeof search.institution === 'string' ? search.institution : undefined;
  const institution = choices.some((c) => c.code === wanted) ? wanted : choices[0]?.code;
  const code = typeof search.code === 'string' ? search.code : '';
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('directory.newPatronTypeTitle')}</h1>
        <p className={`mt-2 ${muted}`}>{t('directory.newPatronTypeIntro')}</p>
      </div>
      <EntryForm kind="patronType" initial={{ code, names: {}, ...(institution ? { institution } : {}) }} languages={nameLanguages()} institutions={choices} />
    </div>
  );
}
