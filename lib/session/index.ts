/**
 * The patron's session, its whole life in this folder:
 *   cookie.ts       the sealed cookie: shape, options, key rotation
 *   transaction.ts  the sign-in transaction's cookie, same-origin returnTo
 *   freshness.ts    revalidation against RERO+, single-flight per patron, the newest pair
 *   ends.ts         ended sessions: in memory per instance, caught up from the store
 *   jar.ts          the cookie jars the door reads and writes through
 *   door.ts         open, start, end: the only code that writes the cookie
 *   stored.ts       the store behind ends and newest pairs
 */
export { SESSION_COOKIE, sealStoredPair, unsealStoredPair, type PatronSession, type SessionPair, type SessionTokens } from './cookie';
export { TRANSACTION_COOKIE, safeReturnTo } from './transaction';
export { SessionDoor, type OpenedSession } from './door';
export { EndedSessions, SessionEndsFeed } from './ends';
export { FallbackNewestTokens, Freshener, type NewestTokens } from './freshness';
export { forwardingJar, nodeJar, type CookieJar } from './jar';
export { sessionEndsIn, StoreNewestTokens } from './stored';
