/**
 * The gateway's errors are recognised by their brand (./errors.ts), not by
 * instanceof: Next.js gives each server chunk its own copy of a class, so an
 * error may come from another copy than the one the handler imported. Here
 * the other copy is real: the module graph is loaded a second time
 * (vi.resetModules), which gives each class a second identity.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import { ConfigError, isConfigError } from './config';
import { errorBrand, hasErrorCode } from './errors';
import { ConnectionError, isConnectionError } from './oauth/errors';
import { isReroError, ReroError } from './providers/rero-plus';
import { CriteriaVersionConflict, DatabaseUrlError, isCriteriaVersionConflict, isStoredDataError, isStoreError, StoredDataError, StoreOpenError, StoreValidationError } from './store/errors';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

vi.resetModules();
const foreign = {
  oauth: await import('./oauth/errors'),
  rero: await import('./providers/rero-plus'),
  store: await import('./store/errors'),
  config: await import('./config'),
};

describe('an error made by another bundle’s copy of its class (same shape, another class identity)', () => {
  const cases: [string, Error, Function, (error: unknown) => boolean][] = [
    ['ConnectionError', new foreign.oauth.ConnectionError('secrets_key_missing', 'SECRETS_KEY is not set'), ConnectionError, (e) => isConnectionError(e)],
    ['ReroError', new foreign.rero.ReroError('invalid_grant', 'refresh token used'), ReroError, (e) => isReroError(e)],
    ['CriteriaVersionConflict', new foreign.store.CriteriaVersionConflict(7), CriteriaVersionConflict, isCriteriaVersionConflict],
    ['StoredDataError', new foreign.store.StoredDataError([]), StoredDataError, isStoredDataError],
    ['DatabaseUrlError', new foreign.store.DatabaseUrlError('bad'), DatabaseUrlError, isStoreError],
    ['StoreOpenError', new foreign.store.StoreOpenError('down'), StoreOpenError, isStoreError],
    ['StoreValidationError', new foreign.store.StoreValidationError('invalid', []), StoreValidationError, isStoreError],
    ['ConfigError', new foreign.config.ConfigError([]), ConfigError, isConfigError],
  ];

  test.each(cases)('%s is not an instanceof this bundle’s class, and is recognised all the same', (brand, error, localClass, guard) => {
    expect(error).not.toBeInstanceOf(localClass);
    expect(guard(error)).toBe(true);
    expect(errorBrand(error)).toBe(brand);
  });

  test('with its code: isReroError(e, …codes), isConnectionError(e, …codes), hasErrorCode', () => {
    const grant = new foreign.rero.ReroError('invalid_grant', 'refresh token used');
    expect(isReroError(grant, 'invalid_grant')).toBe(true);
    expect(isReroError(grant, 'unauthorized', 'timeout')).toBe(false);
    expect(isConnectionError(grant)).toBe(false);
    expect(isConnectionError(new foreign.oauth.ConnectionError('timeout', 'slow'), 'timeout', 'unreachable')).toBe(true);
    expect(hasErrorCode<ReroError>(grant, 'ReroError', ['invalid_grant'])).toBe(true);
    expect(hasErrorCode<ReroError>(grant, 'ConnectionError', ['invalid_grant'])).toBe(false);
  });

  test('a look-alike without the brand (same name, same code) is not one of ours', () => {
    const lookAlike = Object.assign(new Error('Connection refused'), { name: 'ConnectionError', code: 'unreachable' });
    expect(isConnectionError(lookAlike)).toBe(false);
    expect(isStoreError(Object.assign(new Error('x'), { name: 'StoreOpenError', code: 'STORE_OPEN_FAILED' }))).toBe(false);
    for (const value of [undefined, null, 'ReroError', 42, {}]) expect(errorBrand(value)).toBeUndefined();
  });

  test('the brand stays out of JSON (what a page or a result shows)', () => {
    const error = new ConnectionError('timeout', 'slow');
    expect(JSON.stringify(error)).toBe('{"code":"timeout","message":"slow"}');
  });
});

/** Source files of the app, the library and the command line. */
function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Files that still compare a gateway error with instanceof; remove each when it uses the guards. */
const NOT_YET_CONVERTED: string[] = [];

test('no source compares with instanceof against a gateway error class of another file', () => {
  const files = [...sources(join(ROOT, 'app')), ...sources(join(ROOT, 'lib')), ...sources(join(ROOT, 'scripts')), join(ROOT, 'proxy.ts')];
  const text = new Map(files.map((file) => [relative(ROOT, file), readFileSync(file, 'utf8')]));
  const classes = new Map<string, string>();
  for (const [file, content] of text) for (const match of content.matchAll(/class (\w+) extends Error\b/g)) classes.set(match[1] as string, file);
  expect([...classes.keys()]).toEqual(expect.arrayContaining(['ConnectionError', 'ReroError', 'CriteriaVersionConflict', 'ConfigError']));
  const offenders: string[] = [];
  for (const [file, content] of text) {
    for (const match of content.matchAll(/instanceof\s+(\w+)\b/g)) {
      const home = classes.get(match[1] as string);
      if (home && home !== file && !NOT_YET_CONVERTED.includes(file)) offenders.push(`${file}: instanceof ${match[1]}`);
    }
  }
  expect(offenders).toEqual([]);
});
