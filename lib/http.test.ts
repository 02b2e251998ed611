import { describe, expect, test } from 'vitest';
import { isCrossSiteRead, isForeignRead } from './http';

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
  ])('answers %s', (_, headers) => {
    expect(isForeignRead(get(headers), APP)).toBe(false);
  });

  test.each([
    ['a script on an e-resource with its own host name (same-site)', { 'sec-fetch-site': 'same-site', origin: 'https://cairn.library.example.org' }],
    ['another site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['another origin without Fetch Metadata', { origin: 'https://cairn.library.example.org' }],
    ['a proxy forwarding it for another host name', { 'x-forwarded-host': 'cairn.library.example.org', 'sec-fetch-site': 'same-origin' }],
    ['our host name on another port', { 'x-forwarded-host': 'gateway.library.example.org:8443' }],
  ])('refuses %s', (_, headers) => {
    expect(isForeignRead(get(headers), APP)).toBe(true);
  });

  test('downloads follow the same Fetch Metadata rule, whatever the forwarded host', () => {
    expect(isCrossSiteRead(get({ 'x-forwarded-host': 'elsewhere.example' }), APP)).toBe(false);
    expect(isCrossSiteRead(get({ 'sec-fetch-site': 'same-site' }), APP)).toBe(true);
  });
});
