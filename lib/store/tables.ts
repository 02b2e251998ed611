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

export interface Database {
  resources: ResourcesTable;
  criteria_version: CriteriaVersionTable;
  decision_counts: DecisionCountsTable;
}
