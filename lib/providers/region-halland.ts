/**
 * Region Halland (Sweden): regional APIs behind Azure API Management. Client
 * credentials at the region's ADFS with a client assertion signed by the key
 * of the certificate registered for the client (private_key_jwt, RFC 7523),
 * `resource` and `scope` parameters, one token per resource id; every API
 * call needs the Bearer token AND a subscription key.
 * Public document: Region Halland's API documentation (Swedish); how AD FS wants the
 * assertion: Microsoft's AD FS documentation on client credentials with private_key_jwt.
 */
import { X509Certificate, createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import * as oidc from 'openid-client';
import * as z from 'zod';
import { ConnectionError, failureDetails, upstreamText } from '../oauth/errors';
import { requiredText, type ConnectionOf, type Provider } from './types';

/**
 * The token endpoint is not public, and the API hosts differ per API: every
 * connection names `endpoints.token` and `endpoints.api` itself.
 */
export const REGION_HALLAND_ENDPOINTS = { production: {}, test: {} } as const;

/** Azure API Management's usual header; configurable per connection (unconfirmed for each API). */
export const DEFAULT_SUBSCRIPTION_KEY_HEADER = 'Ocp-Apim-Subscription-Key';

/** RFC 7230 §3.2.6 token: what an HTTP header name may be. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function parsesAsRsaKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

function parsesAsCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

const fields = {
  privateKey: requiredText('privateKey', 'Give the private key of the registered certificate ("privateKey", PEM).').refine(parsesAsRsaKey, {
    error: '"privateKey" must be an RSA private key in PEM ("-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----").',
  }),
  certificate: requiredText('certificate', 'Give the certificate registered for the client ("certificate", PEM): its thumbprint names the key to ADFS.').refine(
    parsesAsCertificate,
    { error: '"certificate" must be an X.509 certificate in PEM ("-----BEGIN CERTIFICATE-----").' },
  ),
  resource: requiredText('resource', 'Give the API\'s resource id ("resource"), such as "hsainfoapi.regionhalland.se": ADFS issues one token per resource.'),
  scope: z
    .string({ error: '"scope" must be text: scopes separated by spaces, such as "hsainfoapi.read hsainfoapi.write".' })
    .trim()
    .min(1, { error: '"scope" must not be empty; leave it out instead.' })
    .optional(),
  subscriptionKey: requiredText('subscriptionKey', 'Give the subscription key from Region Halland\'s developer portal ("subscriptionKey").'),
  subscriptionKeyHeader: z
    .string({ error: '"subscriptionKeyHeader" must be the name of an HTTP header.' })
    .regex(HEADER_NAME, { error: '"subscriptionKeyHeader" must be the name of an HTTP header, such as "Ocp-Apim-Subscription-Key".' })
    .default(DEFAULT_SUBSCRIPTION_KEY_HEADER),
};

type RegionHallandConnection = ConnectionOf<typeof fields>;

export interface RegionHallandDetails {
  resource: string;
  /** The JWS `x5t` ADFS finds the registered certificate by. */
  x5t: string;
  certificateSubject: string;
  /** ISO 8601. */
  certificateValidTo: string;
}

/** `x5t` (RFC 7515 §4.1.7): base64url of the SHA-1 digest of the certificate's DER. */
export function certificateThumbprint(certificate: X509Certificate | string): string {
  const x509 = typeof certificate === 'string' ? new X509Certificate(certificate) : certificate;
  return createHash('sha1').update(x509.raw).digest('base64url');
}

/**
 * The private key as a WebCrypto key for openid-client. `createPrivateKey`
 * reads PKCS#1 ("BEGIN RSA PRIVATE KEY") as well as PKCS#8; WebCrypto takes
 * PKCS#8 only, so the key is re-exported as such.
 */
async function signingKey(key: KeyObject): Promise<CryptoKey> {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
}

export const regionHalland = {
  id: 'region-halland',
  name: 'Region Halland',
  endpoints: REGION_HALLAND_ENDPOINTS,
  fields,
  secretFields: ['privateKey', 'subscriptionKey'],

  async clientAuth(connection, endpoints) {
    const key = createPrivateKey(connection.privateKey);
    const certificate = new X509Certificate(connection.certificate);
    if (!certificate.checkPrivateKey(key)) {
      throw new ConnectionError('bad_secret', 'The private key does not belong to the certificate: configure the key of the certificate registered for this client.');
    }
    const x5t = certificateThumbprint(certificate);
    const tokenEndpoint = endpoints.token;
    // openid-client signs iss = sub = client_id, a random jti, iat = nbf = now
    // and exp = now + 60 s. ADFS wants aud = its token endpoint (not an
    // issuer), and finds the key by the certificate's thumbprint, not a kid.
    return oidc.PrivateKeyJwt(await signingKey(key), {
      [oidc.modifyAssertion]: (header, payload) => {
        delete header.kid;
        header.typ = 'JWT';
        header.x5t = x5t;
        payload.aud = tokenEndpoint;
      },
    });
  },

  tokenParameters: (connection) => ({
    resource: connection.resource,
    ...(connection.scope ? { scope: connection.scope } : {}),
  }),

  explainTokenError(failure, connection) {
    const words = upstreamText(failure);
    if (failure.error === 'invalid_client' || failure.status === 401) {
      return new ConnectionError(
        'bad_secret',
        `Region Halland's ADFS did not accept the client (${words}): check the client id, and that the certificate registered for it ` +
          `is the configured one (x5t ${certificateThumbprint(connection.certificate)}) with its own private key.`,
        failureDetails(failure),
      );
    }
    if (failure.error === 'invalid_resource' || failure.error === 'invalid_target') {
      return new ConnectionError(
        'wrong_audience',
        `This client has no access to the resource "${connection.resource}" (${words}): order access to that API through Region Halland's ServiceDesk.`,
        failureDetails(failure),
      );
    }
    if (failure.error === 'invalid_scope') {
      return new ConnectionError('wrong_scope', `This client may not have the scope "${connection.scope ?? ''}" (${words}).`, failureDetails(failure));
    }
    return undefined;
  },

  inspect(_token, connection) {
    const certificate = new X509Certificate(connection.certificate);
    return {
      resource: connection.resource,
      x5t: certificateThumbprint(certificate),
      certificateSubject: certificate.subject.replaceAll('\n', ', '),
      certificateValidTo: new Date(certificate.validTo).toISOString(),
    } satisfies RegionHallandDetails;
  },

  apiHeaders: (connection) => ({ [connection.subscriptionKeyHeader]: connection.subscriptionKey }),

  describe(connection, details, now) {
    const days = Math.floor((Date.parse(details.certificateValidTo) - now) / 86_400_000);
    const validity =
      days < 0 ? `EXPIRED on ${details.certificateValidTo.slice(0, 10)}` : `valid until ${details.certificateValidTo.slice(0, 10)}${days < 30 ? ` (${days} days left)` : ''}`;
    return [
      `Resource ${details.resource}`,
      `Certificate ${details.certificateSubject}, ${validity}, x5t ${details.x5t}`,
      `Subscription key sent as ${connection.subscriptionKeyHeader}`,
    ];
  },
} satisfies Provider<typeof fields, RegionHallandDetails>;

export type { RegionHallandConnection };
