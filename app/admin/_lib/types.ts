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

export interface ImportState {
  status: 'idle' | 'invalid' | 'refused' | 'conflict' | 'done';
  message?: string;
  problems?: { path: string; message: string }[];
}

export interface StaffState {
  status: 'idle' | 'invalid' | 'done';
  message?: string;
  errors?: Record<string, string>;
  values?: { userId: string; role: string; institutions: string };
}
