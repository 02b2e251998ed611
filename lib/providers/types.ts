/**
 * The one interface of a provider connection module (Libris, Bokbasen,
 * Region Halland): a backend the gateway calls with its own client
 * credentials (RFC 6749 §4.4). Each module is one object that `satisfies
 * Provider<…>`; what differs between them — endpoints, client
 * authentication, token parameters, API headers, the words for a refusal — is
 * data or a function value here, never a branch in shared code
 * (lib/oauth, lib/connections).
 *
 * RERO+ (./rero-plus.ts) is a different kind of module: patrons sign in
 * through it with the authorization-code flow, and it has no connection
 * settings, so it does not take this shape.
 */
import type * as oidc from 'openid-client';
import * as z from 'zod';
import type { ConnectionError, UpstreamFailure } from '../oauth/errors';
import type { ObtainedToken } from '../oauth/token-cache';

export const ENVIRONMENTS = ['production', 'test'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Absolute URLs of a connection's servers. */
export interface Endpoints {
  token: string;
  /** The API base: `connection fetch` paths are below it. */
  api: string;
  /** Where a token is checked (Libris /oauth/verify). */
  verify?: string;
}

/** What every connection has, whatever its provider. */
export interface ConnectionBase {
  id: string;
  provider: string;
  /** Which of the provider's environments the credentials were issued for. */
  environment?: Environment;
  clientId: string;
  /** Overrides of the provider's endpoints (private deployments, tests). */
  endpoints?: Partial<Endpoints>;
}

/** A connection of the provider whose own fields are `F`. */
export type ConnectionOf<F extends z.ZodRawShape> = ConnectionBase & z.output<z.ZodObject<F>>;

export interface InspectContext {
  endpoints: Endpoints;
  /** GET `url` with this token as Bearer; the body is read whole. */
  get(url: string): Promise<{ status: number; body: string }>;
}

/** `C` is derived from `F`; it is a parameter only so that shared code can name "any provider" (`Provider<any, any, any>`). */
export interface Provider<F extends z.ZodRawShape = z.ZodRawShape, D = unknown, C extends ConnectionBase = ConnectionOf<F>> {
  /** The `provider` value of a connection. */
  readonly id: string;
  /** The name people know, for messages: "Libris". */
  readonly name: string;
  /**
   * Endpoints per environment. Where a server's URL is not public (Region
   * Halland's ADFS) the entry is left out and each connection must give it.
   */
  readonly endpoints: Readonly<Record<Environment, Readonly<Partial<Endpoints>>>>;
  /** The provider's own connection fields, beside those of ConnectionBase; strict, with messages for librarians. */
  readonly fields: F;
  /** Fields of `fields` that are secrets: encrypted at rest, masked on export, write-only in a form. */
  readonly secretFields: readonly (keyof F & string)[];
  /** RFC 6749 §2.3: how the client proves who it is, as openid-client's value. */
  clientAuth(connection: C, endpoints: Endpoints): Promise<oidc.ClientAuth> | oidc.ClientAuth;
  /** Extra parameters of the token request (RFC 6749 §4.4.2, RFC 8707): `audience`, `resource`, `scope`. */
  tokenParameters(connection: C): Record<string, string>;
  /** The provider's words for a refused token request; undefined leaves it to the shared ones. */
  explainTokenError?(failure: UpstreamFailure, connection: C): ConnectionError | undefined;
  /**
   * Learns once per token what the provider tells about it (Libris: the
   * client's sigels and levels). Kept with the token in the cache.
   */
  inspect(token: ObtainedToken, connection: C, context: InspectContext): Promise<D> | D;
  /**
   * Headers of every API call beside `Authorization`. Throws a
   * ConnectionError('not_permitted') to refuse a call before it is made.
   */
  apiHeaders(connection: C, details: D): Record<string, string>;
  /** Lines for a person testing the connection: what this client may do. */
  describe(connection: C, details: D, now: number): string[];
}

/**
 * A required text setting of a connection, with one message when it is left
 * out and another when it is not text. Never echoes the value: it may be a
 * secret.
 */
export function requiredText(setting: string, missing: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? missing : `"${setting}" must be text.`) })
    .trim()
    .min(1, { error: `"${setting}" must not be empty.` });
}
