/**
 * Start-up as instrumentation.ts runs it: a wrong configuration or a stored
 * pseudonym key that no session secret opens stops the process with a
 * message naming the cause (process.exit is caught here, not run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { openPseudonymKey } from './release';
import { openStore } from './store';

const ENV = {
  APP_URL: 'http://localhost:3000',
  SESSION_SECRET: 'startup-test-secret-now-0123456789abcdefgh',
  RERO_CLIENT_ID: 'c',
  RERO_CLIENT_SECRET: 's',
  METRICS_PORT: '0',
};

let written: string;
let folder: string;

beforeEach(() => {
  vi.resetModules();
  folder = mkdtempSync(join(tmpdir(), 'gw-startup-'));
  written = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  vi.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
    throw new Error(`process.exit(${code})`);
  });
  for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
  vi.stubEnv('DATABASE_URL', `file:${join(folder, 'gateway.db')}`);
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  const holder = globalThis as Record<symbol, unknown>;
  const services = (holder[Symbol.for('rero-gateway.services')] as { opening?: Promise<{ store: { close(): Promise<void> } }> } | undefined)?.opening;
  await services?.then(({ store }) => store.close()).catch(() => undefined);
  for (const name of ['runtime', 'services', 'pseudonym-key']) delete holder[Symbol.for(`rero-gateway.${name}`)];
  rmSync(folder, { recursive: true, force: true });
});

describe('start-up', () => {
  test('stops with RERO_SCOPES="" and says so, naming the variable', async () => {
    vi.stubEnv('RERO_SCOPES', '');
    const { checkConfiguration } = await import('./startup');
    expect(() => checkConfiguration()).toThrow('process.exit(1)');
    expect(written).toContain('RERO_SCOPES must name at least one scope');
  });

  test('creates the pseudonym key on a new store, then stops when SESSION_SECRET no longer opens it', async () => {
    const { checkConfiguration, prepareStore } = await import('./startup');
    await prepareStore(checkConfiguration());
    expect(written).toBe('');

    // The same store, another secret, the old one forgotten.
    const store = await openStore(process.env.DATABASE_URL);
    const [row] = await store.db.selectFrom('pseudonym_key').selectAll().execute();
    await store.close();
    expect(row?.sealed).toMatch(/^Fe26\.2\*/);

    vi.resetModules();
    for (const name of ['runtime', 'services', 'pseudonym-key']) delete (globalThis as Record<symbol, unknown>)[Symbol.for(`rero-gateway.${name}`)];
    vi.stubEnv('SESSION_SECRET', 'startup-test-secret-new-0123456789abcdefgh');
    const again = await import('./startup');
    await expect(again.prepareStore(again.checkConfiguration())).rejects.toThrow('process.exit(1)');
    expect(written).toMatch(/^The gateway cannot start: The stored pseudonym key cannot be opened with SESSION_SECRET or SESSION_SECRET_PREVIOUS/);
  });

  test('starts when the old secret is kept in SESSION_SECRET_PREVIOUS', async () => {
    const store = await openStore(process.env.DATABASE_URL);
    await openPseudonymKey(store, { current: 'an-older-session-secret-0123456789abcdefgh', previous: [] });
    await store.close();
    vi.stubEnv('SESSION_SECRET_PREVIOUS', 'an-older-session-secret-0123456789abcdefgh');
    const { checkConfiguration, prepareStore } = await import('./startup');
    await prepareStore(checkConfiguration());
    expect(written).toBe('');
  });
});
