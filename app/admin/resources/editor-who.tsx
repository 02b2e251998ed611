'use client';
/**
 * The editor's section on who may open the resource: institutions and patron
 * types (ticked from the directory or a librarian's scope, else typed as
 * codes), a valid membership, days of grace and a minimum age.
 */
import { useTranslations } from 'next-intl';
import { Choices } from '../_lib/form';
import { CheckboxField, CodeField, NumberField, Section, type Draft } from './editor-parts';
import { PatronTypePicker } from './editor-patron-types';
import { Checkboxes, codes, Named, toggled, type PickerDirectory } from './editor-pickers';

export function WhoSection({ draft, scope, directory }: { draft: Draft; scope?: string[] | undefined; directory?: PickerDirectory | undefined }) {
  const t = useTranslations('admin');
  const { values, set, fid, errors } = draft;
  // A field of codes (institutions, patron types), typed as they are written.
  const codeField = (name: 'institutions' | 'patronTypes') => (
    <CodeField id={fid(name)} name={name} text={t(`fields.${name}`)} help={t(`hints.${name}`)} error={errors[name]} value={values[name]} onChange={set(name)} />
  );
  const ticked = codes(values.institutions);
  const tickedTypes = codes(values.patronTypes);
  // With a directory, the choices are its entries (a librarian's: those of their institutions).
  const institutionChoices = directory ? directory.institutions.map((i) => i.code).filter((code) => !scope || scope.includes(code)) : (scope ?? []);
  const institutionName = (code: string) => directory?.institutions.find((i) => i.code === code)?.name ?? code;
  const typeGroups = directory
    ? directory.institutions
        .map((i) => i.code)
        .filter((code) => !scope || scope.includes(code) || directory.patronTypes.some((p) => p.institution === code && tickedTypes.has(p.code)))
    : [];

  return (
    <Section id={fid('who')} title={t('editor.who')}>
      <div className="mt-4 grid gap-5 md:grid-cols-2">
        {directory || scope ? (
          <Choices
            id={fid('institutions')}
            name="institutions"
            legend={t('fields.institutions')}
            hint={scope ? t('hints.institutionsLibrarian') : t('hints.institutionsPicker')}
            error={errors.institutions}
            className={directory ? 'md:col-span-2' : undefined}
          >
            <Checkboxes
              name="institutions"
              values={institutionChoices}
              firstId={fid('institutions')}
              invalid={Boolean(errors.institutions)}
              ticked={(code) => ticked.has(code)}
              onToggle={(code, on) => set('institutions')(toggled(values.institutions, code, on))}
            >
              {(code) => <Named name={institutionName(code)} code={code} />}
            </Checkboxes>
          </Choices>
        ) : (
          codeField('institutions')
        )}
        {directory ? (
          <PatronTypePicker
            directory={directory}
            ticked={tickedTypes}
            onToggle={(code, on) => set('patronTypes')(toggled(values.patronTypes, code, on))}
            groups={typeGroups}
            firstId={fid('patronTypes')}
            legend={t('fields.patronTypes')}
            hintText={t('hints.patronTypesPicker')}
            error={errors.patronTypes}
          />
        ) : (
          codeField('patronTypes')
        )}
        <CheckboxField draft={draft} name="requireValidMembership" className="md:col-span-2" />
        <NumberField draft={draft} name="graceDays" />
        <NumberField draft={draft} name="minAge" />
      </div>
    </Section>
  );
}
