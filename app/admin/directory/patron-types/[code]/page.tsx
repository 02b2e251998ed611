import { nameIn } from '@/lib/access';
import { readDirectory, readPatronType } from '@/lib/admin/directory';
import { refusePage, requireStaff } from '../../../_lib/guard';
import { admin, codeParam, nameLanguages } from '../../../_lib/present';
import { muted } from '../../../_lib/styles';
import { DeleteEntry, EntryForm } from '../../entry-form';

export const dynamic = 'force-dynamic';

/** One patron type: its names and institution; deleted while no resource names it. */
export default async function EditPatronType({ params }: { params: Promise<{ code: string }> }) {
  const code = codeParam((await params).code);
  const { identity, staff, ctx } = await requireStaff();
  const { t, locale } = await admin();
  const reading = await readPatronType(identity, code, ctx);
  if (!reading.ok) return refusePage(reading);
  const { entry, fingerprint, usedBy } = reading;
  if (staff.role !== 'admin' && !staff.institutions.includes(entry.institution)) return refusePage({ ok: false, code: 'out-of-scope' });
  const listing = await readDirectory(identity, ctx);
  if (!listing.ok) return refusePage(listing);
  const choices = listing.institutions.filter((i) => i.editable).map((i) => ({ code: i.institution.code, name: nameIn(i.institution.names, locale, i.institution.code) }));
  const name = nameIn(entry.names, locale, entry.code);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{t('directory.editPatronTypeTitle', { name })}</h1>
        <p className={`mt-2 ${muted}`}>{t('directory.editPatronTypeIntro')}</p>
      </div>
      <EntryForm
        kind="patronType"
        original={{ code: entry.code, fingerprint }}
        initial={{ code: entry.code, institution: entry.institution, names: entry.names }}
        languages={nameLanguages(entry.names)}
        institutions={choices}
      />
      <DeleteEntry kind="patronType" code={entry.code} fingerprint={fingerprint} name={name} usedBy={usedBy.map((u) => `${u.name} (${u.slug})`)} />
    </div>
  );
}
