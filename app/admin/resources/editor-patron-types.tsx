'use client';
import { useTranslations } from 'next-intl';
import { Choices } from '../_lib/form';
import { small } from '../_lib/styles';
import { Named, type PickerDirectory } from './editor-pickers';

/**
 * Patron types from the directory, one group per institution. A librarian
 * sees the groups of their institutions, and any other group with a patron
 * type the resource already names (so that saving never drops it unseen).
 */
export function PatronTypePicker({ directory, ticked, onToggle, groups, firstId, legend, hintText, error }: {
  directory: PickerDirectory;
  ticked: Set<string>;
  onToggle: (code: string, on: boolean) => void;
  groups: string[];
  firstId: string;
  legend: string;
  hintText: string;
  error?: string | undefined;
}) {
  const t = useTranslations('admin');
  let first = true;
  return (
    <Choices id={firstId} name="patronTypes" legend={legend} hint={hintText} error={error} className="md:col-span-2">
      <div className="mt-2 space-y-3">
        {groups.map((institution) => {
          const types = directory.patronTypes.filter((p) => p.institution === institution);
          const name = directory.institutions.find((i) => i.code === institution)?.name ?? institution;
          return (
            <fieldset key={institution} className="rounded-lg border border-slate-300 px-3 pb-3 dark:border-slate-700">
              <legend className="px-1 text-sm font-semibold">
                <Named name={name} code={institution} />
              </legend>
              {types.length === 0 ? (
                <p className={small}>{t('editor.noPatronTypes')}</p>
              ) : (
                <div className="mt-1 flex flex-wrap gap-x-5 gap-y-2">
                  {types.map((type) => {
                    const id = first ? firstId : undefined;
                    first = false;
                    return (
                      <label key={type.code} className="inline-flex items-center gap-2">
                        <input type="checkbox" name="patronTypes" value={type.code} id={id} checked={ticked.has(type.code)} aria-invalid={Boolean(error)} onChange={(e) => onToggle(type.code, e.target.checked)} className="h-5 w-5 shrink-0" />
                        <Named name={type.name} code={type.code} />
                      </label>
                    );
                  })}
                </div>
              )}
            </fieldset>
          );
        })}
      </div>
    </Choices>
  );
}
