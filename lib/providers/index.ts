/**
 * The provider registry: every backend the gateway holds connections for,
 * by the `provider` value of a connection. Shared code (lib/connections,
 * lib/admin) finds a provider here and sees it through the Provider
 * interface only (./types.ts); adding a provider is one module and one line
 * below.
 *
 * RERO+ (./rero-plus.ts) is not listed: patrons sign in through it, and it
 * has no connections.
 */
import { bokbasen } from './bokbasen';
import { libris } from './libris';
import { regionHalland } from './region-halland';
import type { Provider } from './types';

/** Shared code sees providers through the interface only; each module is type-checked against it where it is written. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an existential: each provider has its own fields and details
export type AnyProvider = Provider<any, any, any>;

export const PROVIDERS: Readonly<Record<string, AnyProvider>> = {
  [libris.id]: libris,
  [bokbasen.id]: bokbasen,
  [regionHalland.id]: regionHalland,
};

/** The provider of that id; undefined for an unknown one (never an inherited property such as "constructor"). */
export function providerOf(id: string): AnyProvider | undefined {
  return Object.hasOwn(PROVIDERS, id) ? PROVIDERS[id] : undefined;
}
