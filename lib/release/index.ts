/** What leaves the gateway about a patron: the release policy's headers, the pairwise pseudonym and its key. */
export { RELEASE_HEADERS, releasePlan, releasedHeaders, type PlannedHeader, type ReleasedHeaderName } from './headers';
export { PAIRWISE_LABEL, pairwisePseudonym, type PseudonymKey } from './pseudonym';
export { PseudonymKeyError, openPseudonymKey, sessionSecrets, type SessionSecrets } from './pseudonym-key';
