import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signInLocation, upstreamCookie } from './answer';

describe('upstreamCookie: the Cookie header an e-resource may receive', () => {
  it.each([
    ['gw_a=1; gw_b=1; gw_session=SEALED; gw_lang=fr; vendor=1', 'vendor=1'],
    ['vendor=1; gw_lang=fr; gw_b=1; gw_session=SEALED; gw_a=1', 'vendor=1'],
    ['gw_session=SEALED;gw_x=2;  gw_y=3 ; vendor=1; other=a=b; gw_signin=abc', 'vendor=1; other=a=b'],
    ['gw_session=SEALED; gw_signin=abc', undefined],
    ['', undefined],
    [undefined, undefined],
    ['vendor=1', 'vendor=1'],
    ['xgw_a=1; gwfoo=2', 'xgw_a=1; gwfoo=2'],
  ])('%j → %j', (cookie, expected) => {
    expect(upstreamCookie(cookie)).toBe(expected);
  });

  it('never lets a gw_* cookie through, whatever the number, order and spacing', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/);
    const pair = fc.tuple(fc.boolean(), name, fc.stringMatching(/^[A-Za-z0-9%=._-]{0,12}$/)).map(([gateway, n, v]) => `${gateway ? 'gw_' : 'v'}${n}=${v}`);
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 12 }), fc.constantFrom(';', '; ', ' ;  '), (pairs, separator) => {
        const kept = upstreamCookie(pairs.join(separator));
        const expected = pairs.filter((p) => !p.startsWith('gw_'));
        expect(kept).toBe(expected.length > 0 ? expected.join('; ') : undefined);
      }),
    );
  });
});

describe('signInLocation: where a 401 sends the browser', () => {
  it.each([
    ['/cairn/search?q=Tom+%26+Jerry&page=2&lang=fr', '/auth/login?returnTo=%2Fcairn%2Fsearch%3Fq%3DTom%2B%2526%2BJerry%26page%3D2%26lang%3Dfr'],
    ['/cairn/', '/auth/login?returnTo=%2Fcairn%2F'],
    ['//evil.example/x', '/auth/login'],
    ['/.//evil.example/x', '/auth/login'],
    ['https://evil.example/', '/auth/login'],
    [undefined, '/auth/login'],
  ])('%j → %s', (uri, location) => {
    expect(signInLocation(uri)).toBe(location);
    const back = new URL(location, 'https://gateway.example.org').searchParams.get('returnTo');
    if (back) expect(back).toBe(uri);
  });
});
