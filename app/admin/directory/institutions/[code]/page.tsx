import { nameIn } from '@/lib/access';
import { readInstitution } from '@/lib/admin/directory';
import { refusePage, requireStaff } from '../../../_lib/guard';
import { admin, codeParam, nameLanguages } from '../../../_lib/present';
import { muted } from '../../../_lib/styles';
import { DeleteEntry, EntryForm } from '../../entry-form';

export const dynamic = 'force-dynamic';

/** One institution: its names and renewal link (its contact too, for admins); admins may delete it while nothing uses it. */
export default async function EditInstitution({ params }: { params: Promise<{ code: string }> }) {
  const code = codeParam((await params).code);
  const { identity, staff, ctx } = await requireStaff();
  const { t, locale } = await admin();
  const reading = await readInstitution(identity, code, ctx);
  if (!reading.ok) return refusePage(reading);
  const { entry, fingerprint, usedBy } = reading;
  const isAdmin = staff.role === 'admin';
  // A librarian edits the entries of their own institutions only.
  if (!isAdmin && !staff.institutions.includes(entry.code)) return refusePage({ ok: false, code: 'out-of-scope' });
  const name = nameIn(entry.names, locale, entry.code);
  const uses = usedBy.map((u) => `${u.name} (${u.slug})`);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{t('directory.editInstitutionTitle', { name })}</h1>
        <p className={`mt-2 ${muted}`}>{isAdmin ? t('directory.editInstitutionIntro') : t('directory.editInstitutionIntroLibrarian')}</p>
      </div>
      <EntryForm
        kind="institution"
        original={{ code: entry.code, fingerprint }}
        initial={{ code: entry.code, names: entry.names, ...(entry.renewUrl ? { renewUrl: entry.renewUrl } : {}), ...(entry.contact ? { contact: entry.contact } : {}) }}
        languages={nameLanguages(entry.names)}
        contactEditable={isAdmin}
      />
      {isAdmin ? <DeleteEntry kind="institution" code={entry.code} fingerprint={fingerprint} name={name} usedBy={uses} /> : null}
    </div>
  );
}
