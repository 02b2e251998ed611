import { describe, expect, test } from 'vitest';
import { createTestCertificate } from '../../simulators/region-halland.mjs';
import { MASKED, maskedEntry, parseConnectionEntry, parseConnectionList, resolveEndpoints, splitEntry } from './schema';

const halland = createTestCertificate();

const LIBRIS = { id: 'libris-test', provider: 'libris', environment: 'test', clientId: 'client', clientSecret: 'libris-secret-1234', activeSigel: 'Xyz' };
const BOKBASEN = { id: 'bokbasen-metadata', provider: 'bokbasen', environment: 'test', clientId: 'client', clientSecret: 'bokbasen-secret-1234', audience: 'https://api.bokbasen.io/metadata/' };
const HALLAND = {
  id: 'halland-hsa',
  provider: 'region-halland',
  clientId: '6f1c1b7e-4f4a-4b8e-9a55-2d8c0b1e7a10',
  privateKey: halland.privateKey,
  certificate: halland.certificate,
  resource: 'hsainfoapi.regionhalland.se',
  scope: 'hsainfoapi.read',
  subscriptionKey: 'subscription-key-1234',
  endpoints: { token: 'https://adfs.regionhalland.se/adfs/oauth2/token', api: 'https://api.regionhalland.se/hsainfo' },
};

function errorsOf(input: unknown): { path: string; message: string }[] {
  const result = parseConnectionList(input);
  return result.ok ? [] : result.errors;
}

describe('the connections list', () => {
  test('accepts the three examples of the issue, with defaults applied', () => {
    const result = parseConnectionList([LIBRIS, BOKBASEN, HALLAND]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.connections.map((c) => c.provider.id)).toEqual(['libris', 'bokbasen', 'region-halland']);
    expect(result.connections[2]?.entry.subscriptionKeyHeader).toBe('Ocp-Apim-Subscription-Key');
  });

  test('names an unknown provider, unknown settings (with the known ones) and a repeated id', () => {
    expect(errorsOf([{ ...LIBRIS, provider: 'worldcat' }])).toEqual([
      { path: '$.connections[0].provider', message: '"provider" must be one of "libris", "bokbasen", "region-halland".' },
    ]);
    expect(errorsOf([{ ...LIBRIS, activesigel: 'Xyz' }])).toEqual([
      {
        path: '$.connections[0].activesigel',
        message: '"activesigel" is not a known setting of a Libris connection; check its spelling (known settings here: id, provider, environment, clientId, endpoints, clientSecret, activeSigel).',
      },
    ]);
    expect(errorsOf([LIBRIS, LIBRIS])).toEqual([
      { path: '$.connections[1].id', message: 'The id "libris-test" is already used by $.connections[0]; each connection needs its own id.' },
    ]);
    expect(errorsOf({})).toEqual([{ path: '$.connections', message: '"connections" must be a list.' }]);
  });

  test('Libris and Bokbasen credentials are for one environment: it must be said', () => {
    const { environment: _environment, ...without } = LIBRIS;
    expect(errorsOf([without])).toEqual([
      { path: '$.connections[0].environment', message: 'Say which environment the credentials were issued for: "environment": "production" or "test" (Libris issues them for one only).' },
    ]);
    expect(errorsOf([{ ...BOKBASEN, environment: 'staging' }])[0]?.message).toBe('"environment" must be "production" or "test".');
  });

  test('endpoints must be https, or http on loopback only', () => {
    expect(errorsOf([{ ...LIBRIS, endpoints: { token: 'http://login.example.org/oauth/token' } }])[0]?.path).toBe('$.connections[0].endpoints.token');
    expect(errorsOf([{ ...LIBRIS, endpoints: { token: 'http://127.0.0.1:4101/oauth/token', nonsense: 'x' } }])[0]?.path).toBe('$.connections[0].endpoints.nonsense');
    expect(errorsOf([{ ...LIBRIS, endpoints: { token: 'http://127.0.0.1:4101/oauth/token' } }])).toEqual([]);
  });

  test('Region Halland: the key must be an RSA key, the certificate a certificate; no value is repeated', () => {
    const errors = errorsOf([{ ...HALLAND, privateKey: 'not-a-key-but-a-secret', certificate: 'nope' }]);
    expect(errors.map((e) => e.path)).toEqual(['$.connections[0].privateKey', '$.connections[0].certificate']);
    expect(JSON.stringify(errors)).not.toContain('not-a-key-but-a-secret');
    expect(errorsOf([{ ...HALLAND, subscriptionKeyHeader: 'Bad Header' }])[0]?.path).toBe('$.connections[0].subscriptionKeyHeader');
  });

  test('a secret may be masked or left out in a document, not in a complete connection', () => {
    expect(errorsOf([{ ...LIBRIS, clientSecret: MASKED }, { ...BOKBASEN, clientSecret: undefined }])).toEqual([]);
    const complete = parseConnectionEntry({ ...LIBRIS, clientSecret: undefined }, '$', 'complete');
    expect(!complete.ok && complete.errors).toEqual([{ path: '$.clientSecret', message: 'Give the client secret Libris customer service issued ("clientSecret").' }]);
    // A wrong type says what the field wants, not "invalid input".
    expect(errorsOf([{ ...LIBRIS, clientSecret: 42 }])).toEqual([{ path: '$.connections[0].clientSecret', message: '"clientSecret" must be text.' }]);
  });

  test('endpoints resolve from the environment, overrides win', () => {
    const parsed = parseConnectionEntry({ ...LIBRIS, endpoints: { api: 'https://libris-dev.example.org' } });
    if (!parsed.ok) throw new Error('invalid');
    expect(resolveEndpoints(parsed.connection.provider, parsed.connection.entry)).toEqual({
      token: 'https://login-stg.libris.kb.se/oauth/token',
      verify: 'https://login-stg.libris.kb.se/oauth/verify',
      api: 'https://libris-dev.example.org',
    });
  });

  test('split and mask: secrets go apart, and come back MASKED in declared order', () => {
    const parsed = parseConnectionEntry(HALLAND);
    if (!parsed.ok) throw new Error('invalid');
    const { provider, entry } = parsed.connection;
    const { settings, secrets } = splitEntry(provider, entry);
    expect(Object.keys(secrets)).toEqual(['privateKey', 'subscriptionKey']);
    expect(JSON.stringify(settings)).not.toContain('subscription-key-1234');
    expect(maskedEntry(provider, { ...settings, id: entry.id, provider: entry.provider } as typeof entry, Object.keys(secrets))).toEqual({
      id: 'halland-hsa',
      provider: 'region-halland',
      clientId: HALLAND.clientId,
      privateKey: MASKED,
      certificate: halland.certificate.trim(),
      resource: HALLAND.resource,
      scope: HALLAND.scope,
      subscriptionKey: MASKED,
      subscriptionKeyHeader: 'Ocp-Apim-Subscription-Key',
      endpoints: HALLAND.endpoints,
    });
  });
});
