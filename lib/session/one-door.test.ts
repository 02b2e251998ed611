/** The session cookie has one door: no product file outside lib/session names, seals or writes it. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function productFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return productFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('one session door', () => {
  it('no file outside lib/session touches the session or sign-in cookie', () => {
    const files = [...productFiles(join(ROOT, 'app')), ...productFiles(join(ROOT, 'lib')), ...productFiles(join(ROOT, 'scripts')), join(ROOT, 'proxy.ts')];
    const touching = files
      .filter((file) => !relative(ROOT, file).startsWith('lib/session/'))
      .filter((file) => /SESSION_COOKIE|TRANSACTION_COOKIE|gw_session|gw_signin|\bsealSession\b|\bunsealSession\b|\bsealTransaction\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(touching).toEqual([]);
  });
});
