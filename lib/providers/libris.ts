/**
 * Libris (National Library of Sweden, KB): write access to the union
 * catalogue. Client credentials with client_secret_post; the client's sigels
 * and levels come from /oauth/verify; every API call carries
 * `XL-Active-Sigel`, which must be one of those sigels.
 * Public documents: Libris XL's API and Libris Login's OAuth pages (libris.kb.se, also in Swedish).
 */
import * as oidc from 'openid-client';
import * as z from 'zod';
import { ConnectionError, failureDetails, upstreamText } from '../oauth/errors';
import { requiredText, type ConnectionOf, type Provider } from './types';

/**
 * Credentials are issued for the test environments OR production, never both
 * (Libris Login documentation). Test tokens come from login-stg; the test API is libris-qa.
 */
export const LIBRIS_ENDPOINTS = {
  production: {
    token: 'https://login.libris.kb.se/oauth/token',
    verify: 'https://login.libris.kb.se/oauth/verify',
    api: 'https://libris.kb.se',
  },
  test: {
    token: 'https://login-stg.libris.kb.se/oauth/token',
    verify: 'https://login-stg.libris.kb.se/oauth/verify',
    api: 'https://libris-qa.kb.se',
  },
} as const;

const fields = {
  clientSecret: requiredText('clientSecret', 'Give the client secret Libris customer service issued ("clientSecret").'),
  /** Sent as XL-Active-Sigel on every API call. */
  activeSigel: requiredText('activeSigel', 'Give the sigel this connection acts for ("activeSigel"), one of the client\'s sigels.').regex(/^\S+$/, {
    error: '"activeSigel" must be one sigel, without spaces.',
  }),
};

type LibrisConnection = ConnectionOf<typeof fields>;

export interface LibrisSigel {
  /** The sigel, e.g. "Xyz". */
  code: string;
  name?: string;
  /** 2 = cataloger (bibliographic and holdings records), 1 = registrant (holdings only), 0 = neither. */
  level: 0 | 1 | 2;
  globalRegistrant: boolean;
}

export interface LibrisDetails {
  sigels: LibrisSigel[];
  /** The name of the Libris Login account the client belongs to. */
  account?: string;
  /** As /oauth/verify states it. */
  expiresAt?: string;
}

/** GET /oauth/verify: `user.permissions` lists the sigels (`code`) and the levels of each. */
const VerifySchema = z.object({
  app_version: z.string().optional(),
  expires_at: z.union([z.string(), z.number()]).optional(),
  user: z.object({
    full_name: z.string().optional(),
    permissions: z
      .array(
        z.object({
          code: z.string().min(1),
          friendly_name: z.string().optional(),
          registrant: z.boolean().optional(),
          cataloger: z.boolean().optional(),
          global_registrant: z.boolean().optional(),
        }),
      )
      .default([]),
  }),
});

const LEVEL_WORDS = {
  2: 'level 2 (cataloger): bibliographic and holdings records',
  1: 'level 1 (registrant): holdings records only',
  0: 'no write level',
} as const;

function verifyMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  } catch {
    // 401 bodies may be plain text.
  }
  return body.trim().slice(0, 200);
}

export const libris = {
  id: 'libris',
  name: 'Libris',
  endpoints: LIBRIS_ENDPOINTS,
  fields,
  secretFields: ['clientSecret'],

  // Form body client_id, client_secret, grant_type=client_credentials (the documentation's curl -d example).
  clientAuth: (connection) => oidc.ClientSecretPost(connection.clientSecret),

  tokenParameters: () => ({}),

  explainTokenError(failure, connection) {
    if (failure.status !== 401 && failure.error !== 'invalid_client') return undefined;
    const environment = connection.environment ?? 'production';
    return new ConnectionError(
      'bad_secret',
      `Libris refused the client id or secret (${upstreamText(failure)}). Libris issues credentials for the test environments ` +
        `or for production, never both: check that these were issued for ${environment}.`,
      failureDetails(failure),
    );
  },

  async inspect(_token, _connection, context) {
    if (!context.endpoints.verify) throw new ConnectionError('invalid_settings', 'Libris needs a verify endpoint (endpoints.verify) to learn the client\'s sigels.');
    const answer = await context.get(context.endpoints.verify);
    if (answer.status === 401) {
      throw new ConnectionError('unauthorized', `Libris /oauth/verify refused the new token: ${verifyMessage(answer.body)}`, { upstreamStatus: 401 });
    }
    if (answer.status !== 200) {
      throw new ConnectionError('upstream_error', `Libris /oauth/verify answered ${answer.status}.`, { upstreamStatus: answer.status });
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      throw new ConnectionError('bad_response', 'Libris /oauth/verify answered with something that is not JSON.', { upstreamStatus: 200 });
    }
    const parsed = VerifySchema.safeParse(json);
    if (!parsed.success) {
      throw new ConnectionError('bad_response', `Libris /oauth/verify did not match the documented shape: ${z.prettifyError(parsed.error)}`, { upstreamStatus: 200 });
    }
    const { user, expires_at } = parsed.data;
    return {
      sigels: user.permissions.map((p) => ({
        code: p.code,
        ...(p.friendly_name ? { name: p.friendly_name } : {}),
        level: p.cataloger ? 2 : p.registrant ? 1 : 0,
        globalRegistrant: p.global_registrant === true,
      })),
      ...(user.full_name ? { account: user.full_name } : {}),
      ...(expires_at !== undefined ? { expiresAt: String(expires_at) } : {}),
    } satisfies LibrisDetails;
  },

  apiHeaders(connection, details) {
    // "XL-Active-Sigel … must be one of the token's sigels": refuse here rather
    // than let Libris answer 403 to a write.
    if (!details.sigels.some((s) => s.code === connection.activeSigel)) {
      const known = details.sigels.map((s) => s.code).join(', ') || 'none';
      throw new ConnectionError(
        'not_permitted',
        `The active sigel "${connection.activeSigel}" is not one of this client's sigels (${known}); nothing was sent to Libris.`,
      );
    }
    return { 'XL-Active-Sigel': connection.activeSigel };
  },

  describe(connection, details) {
    const lines = details.sigels.map(
      (s) =>
        `Sigel ${s.code}${s.name ? ` (${s.name})` : ''}: ${LEVEL_WORDS[s.level]}${s.globalRegistrant ? ', global registrant' : ''}` +
        (s.code === connection.activeSigel ? ' — the active sigel' : ''),
    );
    if (details.sigels.length === 0) lines.push('The client has no sigels: it may not write to Libris.');
    if (details.account) lines.unshift(`Libris Login account: ${details.account}`);
    return lines;
  },
} satisfies Provider<typeof fields, LibrisDetails>;

export type { LibrisConnection };
