/**
 * What an e-resource receives about a patron it lets in, as the headers
 * /api/verify answers a reverse proxy with (docs/nginx.conf passes exactly
 * these on). Pure: the resource's `release` policy, the patron's RERO+ user
 * id and the membership that qualified in, headers out.
 *
 *   X-Patron-Id           by `release.id`: a pairwise pseudonym (default), the
 *                         membership's patron_pid, RERO+'s user_id, or nothing
 *   X-Patron-Institution  the membership's institution code, when released
 *   X-Patron-Type         the membership's patron type, when released and known
 *
 * Nothing else ever leaves: no name, birthdate or barcode.
 */
import type { Resource } from '../access';
import type { PatronFacts, PatronRecord } from '../patron';
import { pairwisePseudonym, type PseudonymKey } from './pseudonym';

export const RELEASE_HEADERS = {
  id: 'x-patron-id',
  institution: 'x-patron-institution',
  patronType: 'x-patron-type',
} as const;

export type ReleasedHeaderName = (typeof RELEASE_HEADERS)[keyof typeof RELEASE_HEADERS];

/** One header a resource would receive: a value the pasted facts give, or a pseudonym (computed only when really sent). */
export type PlannedHeader =
  | { header: ReleasedHeaderName; source: 'patron-pid' | 'user-id' | 'institution' | 'patronType'; value: string }
  | { header: 'x-patron-id'; source: 'pairwise'; sector: string };

/**
 * The headers `resource` would receive for the patron with RERO+ user id
 * `userId`, let in through `record` (decide()'s qualifying membership). A
 * value the patron's facts do not hold (a patron type not shared, a session
 * sealed before patron_pid was kept) is left out, never made up.
 */
export function releasePlan(resource: Pick<Resource, 'slug' | 'release'>, userId: string, record: PatronRecord): PlannedHeader[] {
  const { id, sector, attributes } = resource.release;
  const planned: PlannedHeader[] = [];
  if (id === 'pairwise') planned.push({ header: RELEASE_HEADERS.id, source: 'pairwise', sector: sector ?? resource.slug });
  if (id === 'patron-pid' && record.patronPid) planned.push({ header: RELEASE_HEADERS.id, source: 'patron-pid', value: record.patronPid });
  if (id === 'user-id') planned.push({ header: RELEASE_HEADERS.id, source: 'user-id', value: userId });
  if (attributes.includes('institution')) planned.push({ header: RELEASE_HEADERS.institution, source: 'institution', value: record.code });
  if (attributes.includes('patronType') && record.patronType) planned.push({ header: RELEASE_HEADERS.patronType, source: 'patronType', value: record.patronType });
  return planned;
}

/** The headers /api/verify answers with for an allowed patron: exactly the released ones. */
export function releasedHeaders(resource: Pick<Resource, 'slug' | 'release'>, facts: Pick<PatronFacts, 'userId'>, record: PatronRecord, key: PseudonymKey): Record<string, string> {
  return Object.fromEntries(
    releasePlan(resource, facts.userId, record).map((planned) => [
      planned.header,
      planned.source === 'pairwise' ? pairwisePseudonym(key, facts.userId, planned.sector) : planned.value,
    ]),
  );
}
