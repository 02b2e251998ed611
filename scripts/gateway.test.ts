import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseCriteriaDocument } from '../lib/access/criteria';
import { migrationsFor } from '../lib/store/migrations';
import { openStore } from '../lib/store';
import { ENGINES, type TestDatabase } from '../lib/store/test-databases';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx tsx scripts/gateway.ts …args` with DATABASE_URL set. */
function gateway(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'scripts/gateway.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
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

const invalid = {
  resources: [
    { slug: 'ok', name: 'OK', url: 'https://ok.example/' },
    { slug: 'ok', name: '', url: 'www.example.org', criteria: { minage: 18 } },
  ],
};

describe('npm run gateway', () => {
  let folder: string;
  let databaseUrl: string;
  const file = (name: string, content: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'gw-cli-'));
    databaseUrl = `file:${join(folder, 'data', 'gateway.db')}`;
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  test('import then export gives the document back, with the defaults applied', async () => {
    const imported = await gateway(databaseUrl, 'import', file('criteria.json', valid));
    expect(imported).toEqual({ code: 0, stdout: 'Imported 3 resources.\n', stderr: '' });

    const exported = await gateway(databaseUrl, 'export');
    expect(exported.code).toBe(0);
    const expected = parseCriteriaDocument(valid);
    expect(expected.ok && JSON.parse(exported.stdout)).toEqual(expected.ok && expected.document);
    expect(JSON.parse(exported.stdout).resources[1]).toEqual({
      slug: 'jstor',
      name: 'JSTOR',
      url: 'https://www.jstor.org/',
      enabled: false,
      criteria: { institutions: [], patronTypes: [], requireValidMembership: true, graceDays: 0 },
      release: { id: 'pairwise', attributes: ['institution', 'patronType'] },
    });
    expect(exported.stdout).toMatch(/^\{\n {2}"resources": \[\n/); // pretty
  });

  test('an invalid document: one line per error with its path, exit 1, nothing changed', async () => {
    await gateway(databaseUrl, 'import', file('criteria.json', valid));
    const before = await gateway(databaseUrl, 'export');

    const run = await gateway(databaseUrl, 'import', file('invalid.json', invalid));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1).map((line) => line.slice(0, line.indexOf(': ')))).toEqual([
      '$.resources[1].name',
      '$.resources[1].url',
      '$.resources[1].criteria.minage',
      '$.resources[1].slug',
    ]);
    expect(lines[0]).toBe('$.resources[1].name: The name must not be empty.');
    expect(lines.at(-1)).toMatch(/4 problems; nothing was imported\.$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);

    expect(await gateway(databaseUrl, 'export')).toEqual(before);
  });

  test('an unreadable file or one that is not JSON: one clear line, exit 1', async () => {
    const [missing, notJson] = await Promise.all([
      gateway(databaseUrl, 'import', join(folder, 'nope.json')),
      gateway(databaseUrl, 'import', file('broken.json', '{"resources": [')),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`Cannot read ${join(folder, 'nope.json')}: no such file.\n`);

    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^\S*broken\.json is not valid JSON: .+\n$/);
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
    expect(none.stderr).toMatch(/^ {2}import <file\.json> +replace all resources/m);
    expect(none.stderr).toMatch(/^ {2}export +print the criteria document/m);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown command "frobnicate"\.\n\nUsage:/);

    expect(wrongArgs.code).toBe(2);

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:/);
  });
});

describe.each(ENGINES)('npm run gateway on $engine, several processes at once', ({ create }) => {
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
    const runs = await Promise.all([0, 1, 0, 1].map((i) => gateway(database.url, 'import', paths[i] ?? '')));
    for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '' });

    // Every migration ran exactly once.
    const ran = (await database.query('select name from kysely_migration')).map((row) => row.name);
    expect(ran.sort()).toEqual(Object.keys(migrationsFor('sqlite')).sort());
    const store = await openStore(database.url);
    try {
      expect(await store.criteriaVersion()).toBe(4);
      const stored = await store.getDocument();
      expect(documents.map((d) => parseCriteriaDocument(d)).map((r) => r.ok && r.document)).toContainEqual(stored);
    } finally {
      await store.close();
    }
  }, 30_000);
});
