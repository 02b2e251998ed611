/**
 * PatronFacts: the gateway's own view of a patron. Nothing past the RERO+
 * module sees raw RERO JSON; everything else (session, access decision, pages)
 * works on this shape.
 */

/** One patron record: one entry of RERO+ `patron_info`, judged as a whole. */
export interface PatronRecord {
  /** Organisation code, the key of the `patron_info` entry (e.g. "vs"). */
  code: string;
  /**
   * RERO+ `patron_pid`: the patron's identifier within this institution, which
   * RERO+ always sends ("user identifiers within each institution/library in
   * which they are enrolled"). Absent only in sessions sealed before the
   * gateway kept it, until their next revalidation.
   */
  patronPid?: string;
  /** Patron type code (e.g. "vs-pm"); absent when the `patron_type` scope was not granted. */
  patronType?: string;
  /** Last day of membership, "YYYY-MM-DD" in the library's time zone; absent without the `expiration_date` scope. */
  expirationDate?: string;
}

export interface PatronFacts {
  /**
   * RERO+ `user_id`, as a string: the gateway's own key for a person (sessions,
   * staff, newest tokens). RERO+ reserves it for users NOT registered in a
   * library, so it leaves the gateway only where a resource's release policy
   * says `"id": "user-id"` (lib/release/).
   */
  userId: string;
  /**
   * "Last, First" as RERO+ gives it; absent without the `fullname` scope.
   * Only from RERO+'s answer to the sign-in that asked for it: sessions never
   * keep it (lib/session/cookie.ts pairOf), the staff table keeps a staff
   * member's (lib/admin/staff.ts noteSignIn). Patrons' names are kept nowhere.
   */
  name?: string;
  /** "YYYY-MM-DD"; absent without the `birthdate` scope. */
  birthDate?: string;
  /** Patron records; empty for a signed-in user who is not a patron anywhere. */
  records: PatronRecord[];
}

/** "Roduit, Louis" → "Louis Roduit": how a patron's name reads on a page. */
export function displayName(facts: Pick<PatronFacts, 'name' | 'userId'>): string {
  if (!facts.name) return `#${facts.userId}`;
  const [last, first] = facts.name.split(',').map((part) => part.trim());
  return first ? `${first} ${last}` : facts.name;
}
