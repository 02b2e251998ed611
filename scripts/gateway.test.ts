import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseCriteriaDocument } from '../lib/access/criteria';
import { migrationsFor } from '../lib/store/migrations';
import { criteriaVersion, getDocument, openStore } from '../lib/store';
import { ENGINES, type TestDatabase } from '../lib/store/test-databases';
import { runCliCollected, type CliRun } from './cli-collected';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `npm run gateway -- …args` with DATABASE_URL set, run in this process (scripts/cli.ts). */
function gateway(databaseUrl: string, ...args: string[]): Promise<CliRun> {
  return runCliCollected(args, { DATABASE_URL: databaseUrl });
}

/** `node --import tsx scripts/gateway.ts …args` (what `npm run gateway` runs) in a process of its own. */
function gatewayProcess(databaseUrl: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/gateway.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const valid = {
  resources: [
    { slug: 'cairn', name: 'Cairn.info', url: 'https://www.cairn.info/', criteria: { institutions: ['vs'], minAge: 18 } },
    { slug: 'jstor', name: 'JSTOR', url: 'https://www.jstor.org/', enabled: false },
    { slug: 'europresse', name: 'Europresse', url: 'https://nouveau.europresse.com/', deniedMessage: 'Ask at the desk.' },
  ],
};

/** The commands themselves are tested in scripts/commands/*.test.ts; here, the command line around them. */
describe('npm run gateway', () => {
  let folder: string;
  let databaseUrl: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    databaseUrl = `file:${join(folder, 'data', 'gateway.db')}`;
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  test('a DATABASE_URL it cannot use: what it expects, exit 1, no stack trace', async () => {
    const run = await gateway('mysql://root:hunter2@db/gw', 'export');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^DATABASE_URL must be file:<path> .*postgres:\/\/.*\n$/);
    expect(run.stderr).not.toContain('hunter2');
  });

  test('usage: no command or an unknown one exits 2; help exits 0', async () => {
    const [none, unknown, wrongArgs, help] = await Promise.all([
      gateway(databaseUrl),
      gateway(databaseUrl, 'frobnicate'),
      gateway(databaseUrl, 'import'),
      gateway(databaseUrl, 'help'),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: npm run gateway -- <command>/);
    expect(none.stderr).toMatch(/^ {2}import \[--dry-run\] <file\.json> +import a criteria document and print the difference/m);
    expect(none.stderr).toMatch(/^ {2}export +print the criteria document/m);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown command "frobnicate"\.\n\nUsage:/);

    expect(wrongArgs.code).toBe(2);

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:/);
  });
});

describe.each(ENGINES)('npm run gateway on $engine, several processes at once', ({ engine, create }) => {
  // On PostgreSQL each run opens a store of its own, with connections of its own, as a process would. On
  // SQLite two stores on one file inside one process block each other (lib/store/index.ts), so there the
  // four imports run as processes of their own: the one test that starts scripts/gateway.ts itself, and
  // with it the entry point (its arguments, its exit code, nothing on stderr).
  const runGateway = engine === 'sqlite' ? gatewayProcess : gateway;
  let database: TestDatabase;
  let folder: string;

  beforeEach(async () => {
    database = await create();
    folder = mkdtempSync(join(tmpdir(), 'gw-cli-'));
  });

  afterEach(async () => {
    await database?.drop(); // undefined when creating it failed
    rmSync(folder, { recursive: true, force: true });
  });

  test('a fresh database is migrated once and every import lands whole', async () => {
    const documents = [valid, { resources: [{ slug: 'cairn', name: 'Cairn.info', url: 'https://www.cairn.info/' }] }];
    const paths = documents.map((document, i) => {
      const path = join(folder, `criteria-${i}.json`);
      writeFileSync(path, JSON.stringify(document));
      return path;
    });
    const runs = await Promise.all([0, 1, 0, 1].map((i) => runGateway(database.url, 'import', paths[i] ?? '')));
    for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '' });

    // Every migration ran exactly once.
    const ran = (await database.query('select name from kysely_migration')).map((row) => row.name);
    expect(ran.sort()).toEqual(Object.keys(migrationsFor('sqlite')).sort());
    const store = await openStore(database.url);
    try {
      // An import of what the store already holds writes nothing: 2 to 4 writes, depending on the order
      // the four ran in, and each of them audited as "cli".
      const version = await criteriaVersion(store.db);
      expect(version).toBeGreaterThanOrEqual(2);
      expect(version).toBeLessThanOrEqual(4);
      const audited = await store.db.selectFrom('audit_log').select(['actor', 'action']).execute();
      expect(audited).toEqual(Array.from({ length: version }, () => ({ actor: 'cli', action: 'criteria.import' })));
      const stored = await getDocument(store.db);
      expect(documents.map((d) => parseCriteriaDocument(d)).map((r) => r.ok && r.document)).toContainEqual(stored);
    } finally {
      await store.close();
    }
  }, 30_000);
});
