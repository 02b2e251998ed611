/**
 * Bokbasen (Norway): book metadata, reporting and orders. Client credentials
 * with the client id and secret in the body and a required `audience`; one
 * token per audience, which Bokbasen asks clients to cache (the server itself
 * hands out a cached token while it has at least 10 minutes left, so
 * `expires_in` varies through the day).
 * Public document: Bokbasen's public API documentation.
 */
import * as oidc from 'openid-client';
import * as z from 'zod';
import { ConnectionError, failureDetails, upstreamText } from '../oauth/errors';
import { unverifiedJwtClaims } from '../oauth/jwt';
import { requiredText, type ConnectionOf, type Provider } from './types';

/** Each environment has its own set of credentials (Bokbasen's API documentation). */
export const BOKBASEN_ENDPOINTS = {
  production: { token: 'https://auth.bokbasen.io/oauth/token', api: 'https://api.bokbasen.io' },
  test: { token: 'https://auth.stage.bokbasen.io/oauth/token', api: 'https://api.stage.bokbasen.io' },
} as const;

/**
 * Audiences Bokbasen documents. Others follow the pattern
 * https://api.bokbasen.io/<name>/ (dds, bokskya, orders: unconfirmed), so any
 * https URL is accepted.
 */
export const BOKBASEN_AUDIENCES = {
  'https://api.bokbasen.io/metadata/': 'metadata: ONIX export, object export, MARC export, ONIX import',
  'https://api.bokbasen.io/reporting/': 'reporting',
} as const;

const fields = {
  clientSecret: requiredText('clientSecret', 'Give the client secret Bokbasen issued ("clientSecret").'),
  audience: z.url({
    protocol: /^https$/,
    error: (issue) =>
      issue.input === undefined
        ? 'Give the audience this connection is for ("audience"), such as "https://api.bokbasen.io/metadata/": Bokbasen issues one token per audience.'
        : '"audience" must be an https URL such as "https://api.bokbasen.io/metadata/".',
  }),
};

type BokbasenConnection = ConnectionOf<typeof fields>;

export interface BokbasenDetails {
  audience: string;
  /** `permissions` of the JWT access token, when it has them. */
  permissions?: string[];
}

export const bokbasen = {
  id: 'bokbasen',
  name: 'Bokbasen',
  endpoints: BOKBASEN_ENDPOINTS,
  fields,
  secretFields: ['clientSecret'],

  // client_id and client_secret in the body (JSON or form, as Bokbasen documents); openid-client sends a form.
  clientAuth: (connection) => oidc.ClientSecretPost(connection.clientSecret),

  tokenParameters: (connection) => ({ audience: connection.audience }),

  explainTokenError(failure, connection) {
    if (failure.status === 403) {
      // Seed 002: "403 Forbidden (might not have access to the given audience)".
      const slash = connection.audience.endsWith('/') ? '' : ' Bokbasen\'s audiences end with a slash: check the spelling.';
      return new ConnectionError(
        'wrong_audience',
        `This client has no access to that audience (${connection.audience}): Bokbasen answered ${upstreamText(failure)}.${slash}`,
        failureDetails(failure),
      );
    }
    if (failure.status === 401) {
      // Seed 002: "401 Unauthorized (might be missing some attributes, or wrong clientId/Secret)".
      return new ConnectionError(
        'bad_secret',
        `Bokbasen refused the client id or secret (${upstreamText(failure)}). Each environment has its own credentials: ` +
          `check that these were issued for ${connection.environment === 'test' ? 'TEST' : 'PROD'}.`,
        failureDetails(failure),
      );
    }
    return undefined;
  },

  inspect(token, connection) {
    const permissions = unverifiedJwtClaims(token.accessToken)?.permissions;
    return {
      audience: connection.audience,
      ...(Array.isArray(permissions) ? { permissions: permissions.filter((p): p is string => typeof p === 'string') } : {}),
    } satisfies BokbasenDetails;
  },

  apiHeaders: () => ({}),

  describe(_connection, details) {
    const known = (BOKBASEN_AUDIENCES as Record<string, string>)[details.audience];
    const lines = [`Audience ${details.audience}${known ? ` (${known})` : ''}`];
    if (details.permissions?.length) lines.push(`Permissions: ${details.permissions.join(', ')}`);
    return lines;
  },
} satisfies Provider<typeof fields, BokbasenDetails>;

export type { BokbasenConnection };
