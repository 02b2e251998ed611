/**
 * A client for a connection entry that is not stored, with its secrets in
 * the entry: how the provider tests build theirs against the simulators.
 * The product reaches a connection through Connections (./index.ts), from
 * the store.
 */
import { ConnectionError } from '../oauth/errors';
import { ConnectionClient, type ClientOptions } from './client';
import { processTokenCache } from './index';
import { parseConnectionEntry, resolveEndpoints, splitEntry } from './schema';

/** `input` is a complete entry with its secrets. */
export function clientForEntry(input: unknown, options: Partial<ClientOptions> = {}): ConnectionClient {
  const parsed = parseConnectionEntry(input, '$', 'complete');
  if (!parsed.ok) throw new ConnectionError('invalid_settings', `The connection is invalid: ${parsed.errors.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  const { provider, entry } = parsed.connection;
  const endpoints = resolveEndpoints(provider, entry);
  if (!endpoints.token || !endpoints.api) throw new ConnectionError('invalid_settings', 'The connection has no token endpoint or API base.');
  const { secrets } = splitEntry(provider, entry);
  return new ConnectionClient(
    { provider, entry, endpoints: { ...endpoints, token: endpoints.token, api: endpoints.api }, secretValues: Object.values(secrets) },
    { tokens: options.tokens ?? processTokenCache(), ...(options.now ? { now: options.now } : {}), ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}) },
  );
}
