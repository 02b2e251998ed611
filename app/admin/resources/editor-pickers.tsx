'use client';
/**
 * Choosing institutions and patron types by ticking them: from the
 * directory by name where there is one, else a librarian's own institutions.
 * The form still posts codes (one value per ticked box).
 */
import type { ReactNode } from 'react';

/** The directory, named in the page's language. */
export interface PickerDirectory {
  institutions: { code: string; name: string }[];
  patronTypes: { code: string; name: string; institution: string }[];
}

/** A row of checkboxes sharing one name (a fieldset's choices); the first one carries the id errors link to. */
export function Checkboxes<V extends string>({ name, values, firstId, invalid, ticked, onToggle, children }: {
  name: string;
  values: readonly V[];
  firstId: string;
  invalid?: boolean;
  ticked: (value: V) => boolean;
  onToggle: (value: V, on: boolean) => void;
  children: (value: V) => ReactNode;
}) {
  return (
    <div className="mt-2 flex flex-wrap gap-4">
      {values.map((value, index) => (
        <label key={value} className="inline-flex items-center gap-2">
          <input type="checkbox" name={name} value={value} id={index === 0 ? firstId : undefined} checked={ticked(value)} aria-invalid={invalid} onChange={(e) => onToggle(value, e.target.checked)} className="h-5 w-5" />
          {children(value)}
        </label>
      ))}
    </div>
  );
}

/** A choice's label: the library's name, and its code (names are text, never markup). */
export function Named({ name, code }: { name: string; code: string }) {
  return name === code ? (
    <code>{code}</code>
  ) : (
    <span>
      {name} <code className="text-sm text-slate-600 dark:text-slate-400">{code}</code>
    </span>
  );
}

/** The codes of a field held as the form's comma-separated text. */
export const codes = (text: string) => new Set(text.split(/[\s,;]+/).filter(Boolean));

/** A set of ticked codes held as the form's comma-separated text, with one code ticked or not. */
export function toggled(text: string, code: string, on: boolean): string {
  const next = codes(text);
  if (on) next.add(code);
  else next.delete(code);
  return [...next].join(', ');
}
