/** What the admin area's server actions hand to its client components: plain, serializable, already translated. */
import type { ResourceForm } from '@/lib/admin/resource-form';

export interface VerdictView {
  allowed: boolean;
  /** "Allowed through vs (vs-pm)" or the reasons, one sentence each. */
  lines: string[];
}

export interface TrialRowView {
  id: string;
  /** Who this patron is, in words ("Pasted patron #1002" or a sample's description). */
  label: string;
  /** What the gateway reads of them, in short. */
  facts: string;
  draft: VerdictView;
  saved?: VerdictView;
  change: 'same' | 'opened' | 'closed' | 'new';
}

export interface TrialView {
  /** The day judged, formatted. */
  day: string;
  compared: boolean;
  /** One sentence when the draft takes access away from every member of an institution that had it. */
  shutOut?: string;
  rows: TrialRowView[];
}

export interface EditorState {
  status: 'idle' | 'invalid' | 'conflict' | 'out-of-scope' | 'tried' | 'not-found';
  /** One sentence about the whole form (conflict, refusal). */
  message?: string;
  /** Field → message in plain words. */
  errors?: Record<string, string>;
  trial?: TrialView;
  /** The submitted values, so a page rendered without JavaScript keeps them. */
  form?: ResourceForm;
}

export interface PatronView {
  userId: string;
  name?: string;
  birth?: string;
  memberships: { code: string; patronType?: string; until?: string }[];
}

/** One header an allowed patron's resource would receive: "X-Patron-Id: a pseudonym for this resource". */
export interface ReleasedView {
  header: string;
  value: string;
  /** The value is a description ("a pseudonym for this resource"), not the value itself. */
  described: boolean;
}

export interface TryState {
  status: 'idle' | 'invalid' | 'done';
  errors?: Record<string, string>;
  patron?: PatronView;
  day?: string;
  verdicts?: { slug: string; name: string; enabled: boolean; verdict: VerdictView; deniedMessage?: string; released?: ReleasedView[] }[];
  text?: string;
  dayInput?: string;
}

/** One resource, directory entry or connection an import adds, changes or removes. */
export interface ImportEntryView {
  kind: 'added' | 'changed' | 'removed';
  /** Its slug, code or id. */
  key: string;
  /** What it is called in the page's language, when that is not the key. Library-written: rendered as text. */
  name?: string;
  /** For a change: each field, before and after (JSON text); absent on the side where it is not set. */
  fields: { path: string; before?: string; after?: string }[];
}

export interface ImportSectionView {
  id: 'resources' | 'institutions' | 'patronTypes' | 'connections';
  added: number;
  changed: number;
  removed: number;
  entries: ImportEntryView[];
}

export interface ImportPreviewView {
  sections: ImportSectionView[];
  /** The document has no directory / no connections: the stored ones stay. */
  keepsDirectory: boolean;
  keepsConnections: boolean;
}

export interface ImportState {
  /**
   * preview: the difference is shown and waits for confirmation; conflict: the
   * store changed since the preview, here is the difference now; done: imported.
   */
  status: 'idle' | 'invalid' | 'refused' | 'conflict' | 'preview' | 'done';
  message?: string;
  problems?: { path: string; message: string }[];
  preview?: ImportPreviewView;
  /** The document previewed, sent back with the confirmation. */
  document?: string;
  /** The version of the store the preview was computed against. */
  version?: string;
}

export interface StaffState {
  status: 'idle' | 'invalid' | 'done';
  message?: string;
  errors?: Record<string, string>;
  values?: { userId: string; role: string; institutions: string };
}

/** The directory's entry form (an institution or a patron type): problems per field, the values as posted. */
export interface DirectoryFormState {
  status: 'idle' | 'invalid' | 'conflict' | 'refused';
  message?: string;
  errors?: Record<string, string>;
  values?: { code: string; institution?: string; names: Record<string, string>; renewUrl?: string; contact?: string };
}
