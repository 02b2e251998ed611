import { describe, expect, it, test } from 'vitest';
import { FORWARDED_HOST_HEADER, PEER_HEADER, clientAddress, isCrossSiteRead, isForeignRead, trustedProxies } from './http';

const APP = 'https://gateway.library.example.org';

function get(headers: Record<string, string> = {}): Request {
  return new Request(`${APP}/api/me`, { headers });
}

describe('who may read /api/me', () => {
  test.each([
    ['no Fetch Metadata, no Origin (an older browser, a command-line client)', {}],
    ['our own page (same-origin)', { 'sec-fetch-site': 'same-origin' }],
    ['typed in the address bar', { 'sec-fetch-site': 'none' }],
    ['our own origin', { origin: APP, 'sec-fetch-site': 'same-origin' }],
    ['through the proxy, for our host', { 'x-forwarded-host': 'gateway.library.example.org', 'sec-fetch-site': 'same-origin' }],
    ['through a chain of proxies, first for our host', { 'x-forwarded-host': 'Gateway.Library.Example.Org, internal:3000' }],
    // The entry server recorded that none was sent; the one Next added names the instance itself.
    ['an instance asked directly (Next added its own X-Forwarded-Host)', { [FORWARDED_HOST_HEADER]: '', 'x-forwarded-host': 'localhost:3312' }],
  ])('answers %s', (_, headers) => {
    expect(isForeignRead(get(headers), APP)).toBe(false);
  });

  test.each([
    ['a script on an e-resource with its own host name (same-site)', { 'sec-fetch-site': 'same-site', origin: 'https://cairn.library.example.org' }],
    ['another site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['another origin without Fetch Metadata', { origin: 'https://cairn.library.example.org' }],
    ['a proxy forwarding it for another host name', { 'x-forwarded-host': 'cairn.library.example.org', 'sec-fetch-site': 'same-origin' }],
    ['our host name on another port', { 'x-forwarded-host': 'gateway.library.example.org:8443' }],
    ['a proxy forwarding it for another host name, as the entry server recorded it', { [FORWARDED_HOST_HEADER]: 'cairn.library.example.org', 'x-forwarded-host': 'cairn.library.example.org' }],
  ])('refuses %s', (_, headers) => {
    expect(isForeignRead(get(headers), APP)).toBe(true);
  });

  test('downloads follow the same Fetch Metadata rule, whatever the forwarded host', () => {
    expect(isCrossSiteRead(get({ 'x-forwarded-host': 'elsewhere.example' }), APP)).toBe(false);
    expect(isCrossSiteRead(get({ 'sec-fetch-site': 'same-site' }), APP)).toBe(true);
  });
});

describe('clientAddress: the socket peer, or X-Forwarded-For walked from the right past TRUSTED_PROXIES', () => {
  const loopback = trustedProxies(['127.0.0.0/8', '::1']);
  const ask = (peer: string | undefined, forwarded?: string, proxies = loopback) =>
    clientAddress(new Request('https://gateway.example.org/auth/login', { headers: { ...(peer ? { [PEER_HEADER]: peer } : {}), ...(forwarded ? { 'x-forwarded-for': forwarded } : {}) } }), proxies);

  it.each([
    // No proxy: a client's own X-Forwarded-For is never believed.
    ['203.0.113.7', '198.51.100.1', '203.0.113.7'],
    ['203.0.113.7', undefined, '203.0.113.7'],
    // nginx on loopback appends the address it saw to what the client sent.
    ['127.0.0.1', '198.51.100.1, 203.0.113.7', '203.0.113.7'],
    ['::ffff:127.0.0.1', '10.9.9.9, 203.0.113.7', '203.0.113.7'],
    ['::1', '203.0.113.7', '203.0.113.7'],
    // Only trusted proxies are walked past.
    ['127.0.0.1', '203.0.113.7, 127.0.0.5', '203.0.113.7'],
    // Everything trusted: the leftmost.
    ['127.0.0.1', '127.0.0.2', '127.0.0.2'],
    // No peer recorded (no entry server): one bucket for all.
    [undefined, '203.0.113.7', 'unknown'],
  ])('peer %s, X-Forwarded-For %s → %s', (peer, forwarded, client) => {
    expect(ask(peer, forwarded)).toBe(client);
  });

  it('a peer outside TRUSTED_PROXIES chooses nothing by rotating X-Forwarded-For', () => {
    const none = trustedProxies(['10.0.0.1']);
    const seen = new Set(Array.from({ length: 61 }, (_, i) => ask('127.0.0.1', `198.51.100.${i}`, none)));
    expect([...seen]).toEqual(['127.0.0.1']);
  });
});
