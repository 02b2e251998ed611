import type { Generated } from 'kysely';

/**
 * The tables as the code sees them after the latest migration. Column types
 * are those both engines return alike: text, and `integer` (a JavaScript
 * number from better-sqlite3 and from pg, unlike `bigint`, which pg returns
 * as a string).
 */

export interface ResourcesTable {
  slug: string;
  /** 0-based order of the resource in the criteria document. */
  position: number;
  name: string;
  url: string;
  /** 0 or 1: SQLite has no boolean and better-sqlite3 binds no JavaScript booleans. */
  enabled: number;
  denied_message: string | null;
  /** The resource's `criteria` object as JSON text, validated when read back. */
  criteria: string;
  /** The resource's `release` object as JSON text; null in rows written before it existed (the default policy). */
  release: string | null;
  /** The resource's `upstream` object as JSON text; null when it has none. */
  upstream: string | null;
  /** JSON text: a per-language `deniedMessage` and the `description`; null when there are none. */
  texts: string | null;
}

/** The directory's institutions (lib/access/directory.ts), in document order. */
export interface DirectoryInstitutionsTable {
  code: string;
  position: number;
  /** JSON object of names by language. */
  names: string;
  renew_url: string | null;
  contact: string | null;
}

/** The directory's patron types, in document order. */
export interface DirectoryPatronTypesTable {
  code: string;
  institution: string;
  position: number;
  /** JSON object of names by language. */
  names: string;
}

/** Codes met at sign-in and how often: no patron, no time. */
export interface SignInCodesTable {
  kind: 'institution' | 'patron-type';
  /** The institution a patron type was met with; '' for an institution. */
  institution: string;
  code: string;
  count: number;
}

/** One row (id 1): bumped by every change of the criteria, so caches of other instances notice it. */
export interface CriteriaVersionTable {
  id: number;
  version: number;
}

/** How often each outcome was decided, per library day and resource. Nothing about the patron. */
export interface DecisionCountsTable {
  /** YYYY-MM-DD, the library's local day. Text in both engines, so ranges compare as strings. */
  day: string;
  resource: string;
  /** 'allowed' or the reason code of a denial. */
  outcome: string;
  count: number;
}

/** Who may use the admin area: RERO+ user ids with a role. */
export interface StaffTable {
  user_id: string;
  role: 'admin' | 'librarian';
  /** JSON array of institution codes a librarian is limited to; [] for admins. */
  institutions: string;
  /** ISO 8601 UTC. */
  created_at: string;
  updated_at: string;
  /** RERO+ `fullname` at the last sign-in ("Last, First"); null before the first one, or without the scope. */
  name: string | null;
}

/** Every change made through the admin area or the command line; append-only. */
export interface AuditLogTable {
  id: Generated<number>;
  /** ISO 8601 UTC. */
  at: string;
  /** RERO+ user id of the staff member, or "cli" / "system". */
  actor: string;
  /** e.g. "resource.create", "resource.update", "staff.add", "criteria.import". */
  action: string;
  /** What was changed, e.g. a resource slug or a staff user id. */
  target: string;
  /** JSON of the thing before and after the change (null when it did not exist). Never a secret. */
  before: string | null;
  after: string | null;
}

/** The newest RERO+ token pair obtained for each patron, sealed with the session key. */
export interface NewestTokensTable {
  user_id: string;
  sealed: string;
  /** ISO 8601 UTC of when RERO+ issued the pair. */
  obtained_at: string;
  updated_at: string;
  /** No longer written: "sign out on all devices" is a session generation now (migration 0007 carried these over). */
  revoked_at: string | null;
}

/**
 * Recorded ends of sessions (lib/session/ends.ts): one session by its id, every
 * session of a patron below a generation, or every session below the
 * gateway-wide generation. Kept until the sessions they end would have expired.
 */
export interface SessionEndsTable {
  seq: Generated<number>;
  kind: 'session' | 'patron' | 'all';
  /** The ended session's key (kind 'session'). */
  session_id: string | null;
  /** kind 'patron' */
  user_id: string | null;
  /** Sessions signed in under a lower generation are ended (kinds 'patron' and 'all'). */
  generation: number | null;
  /** Epoch ms after which every session this row ends has expired anyway: then it is purged. */
  expires_at: number;
}

/** The current session generation per scope: `patron:<user id>`, or `all`. Raised by each end of that scope. */
export interface SessionGenerationsTable {
  scope: string;
  generation: number;
}

/** Provider connections (Libris, Bokbasen, Region Halland). */
export interface ConnectionsTable {
  id: string;
  provider: string;
  /** Non-secret settings, JSON text. */
  settings: string;
  /** Secret settings, JSON encrypted with SECRETS_KEY; null when none. */
  secrets: string | null;
  position: number;
  updated_at: string;
}

/** Requests per key and one-minute window (ISO minute, e.g. 2026-11-26T10:15). */
export interface RateLimitsTable {
  key: string;
  window: string;
  count: number;
}

/**
 * One row (id 1): the key of the pairwise pseudonyms, sealed under a key
 * derived from SESSION_SECRET (lib/release/pseudonym-key.ts). Shared by every
 * instance and kept across restarts: a new key would change every pseudonym.
 */
export interface PseudonymKeyTable {
  id: number;
  sealed: string;
  /** ISO 8601 UTC. */
  created_at: string;
  updated_at: string;
}

export interface Database {
  rate_limits: RateLimitsTable;
  resources: ResourcesTable;
  criteria_version: CriteriaVersionTable;
  decision_counts: DecisionCountsTable;
  staff: StaffTable;
  audit_log: AuditLogTable;
  newest_tokens: NewestTokensTable;
  connections: ConnectionsTable;
  session_ends: SessionEndsTable;
  session_generations: SessionGenerationsTable;
  pseudonym_key: PseudonymKeyTable;
  directory_institutions: DirectoryInstitutionsTable;
  directory_patron_types: DirectoryPatronTypesTable;
  sign_in_codes: SignInCodesTable;
}
