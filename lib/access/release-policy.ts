/**
 * The words of a resource's release policy, without dependencies: the
 * criteria schema (./criteria.ts) validates with them and the resource
 * editor, which runs in the browser, offers them.
 *
 * `id`, how an e-resource identifies the patron (X-Patron-Id; lib/release/,
 * docs/pseudonyms.md):
 * - `pairwise`: a stable pseudonym for this patron at this resource's sector;
 *   vendors cannot join their logs (SAML pairwise-id, OpenID Connect Core 1.0
 *   §8.1 pairwise subject identifiers);
 * - `patron-pid`: RERO+ `patron_pid` of the membership that qualified, the
 *   identifier RERO+ documents for registered patrons;
 * - `user-id`: RERO+ `user_id`, which its document reserves for users NOT
 *   registered in a library; only where the library decides a resource needs it;
 * - `none`: no identifier at all.
 */
export const RELEASE_IDS = ['pairwise', 'patron-pid', 'user-id', 'none'] as const;
export type ReleaseId = (typeof RELEASE_IDS)[number];

/** Facts of the qualifying membership that may go along. Nothing else is ever released (no name, birthdate, barcode). */
export const RELEASE_ATTRIBUTES = ['institution', 'patronType'] as const;
export type ReleaseAttribute = (typeof RELEASE_ATTRIBUTES)[number];
