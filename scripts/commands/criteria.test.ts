/**
 * `gateway import [--dry-run]` and `gateway export`, called in this process
 * on a temporary SQLite store: the difference printed, nothing changed by a
 * dry run, every import audited as "cli".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseCriteriaDocument } from '../../lib/access/criteria';
import { openStore } from '../../lib/store';
import { listAudit } from '../../lib/store/audit';
import type { CommandIo } from './io';
import { runExportCommand, runImportCommand } from './criteria';

const NOW = new Date('2026-06-15T10:00:00Z');
const KEY = 'cli-test-secrets-key-0123456789-abcdefghij';

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

const directory = {
  institutions: [{ code: 'vs', names: { en: 'Valais Media Library', fr: 'Médiathèque Valais' }, renewUrl: 'https://www.mediatheque.ch/renew' }],
  patronTypes: [{ institution: 'vs', code: 'vs-pm', names: { en: 'Adult reader' } }],
};

const LIBRIS = { id: 'libris-test', provider: 'libris', environment: 'test', clientId: 'libris-client', clientSecret: 'libris-secret-value-1', activeSigel: 'Xyz' };

let folder: string;
let databaseUrl: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function io(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), now: () => NOW };
}

async function gateway(command: 'import' | 'export', args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const console = io();
  const withDatabase = { DATABASE_URL: databaseUrl, ...env };
  const code = command === 'import' ? await runImportCommand(args, console, withDatabase) : await runExportCommand(args, console, withDatabase);
  return { code, stdout: console.stdout.join(''), stderr: console.stderr.join('') };
}

const file = (name: string, content: unknown) => {
  const path = join(folder, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

async function audit() {
  const store = await openStore(databaseUrl);
  try {
    return await listAudit(store.db, { limit: 10 });
  } finally {
    await store.close();
  }
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'gw-cli-'));
  databaseUrl = `file:${join(folder, 'data', 'gateway.db')}`;
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('gateway import and export', () => {
  test('import prints the difference it applied; export gives the document back with the defaults; both audited as cli', async () => {
    const imported = await gateway('import', [file('criteria.json', valid)]);
    expect(imported).toEqual({
      code: 0,
      stdout: [
        'Resources: 3 added, 0 changed, 0 removed.',
        '+ resource cairn (Cairn.info), added',
        '+ resource jstor (JSTOR), added',
        '+ resource europresse (Europresse), added',
        'Imported 3 resources.',
        '',
      ].join('\n'),
      stderr: '',
    });
    const exported = await gateway('export', []);
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
    expect(await audit()).toMatchObject([{ actor: 'cli', action: 'criteria.import', target: 'document', at: NOW.toISOString(), after: { resources: [{ slug: 'cairn' }, { slug: 'jstor' }, { slug: 'europresse' }] } }]);
  });

  test('--dry-run prints the same difference, exits 0 and changes nothing; the plain import then applies it', async () => {
    await gateway('import', [file('criteria.json', valid)]);
    const changed = { resources: [{ ...valid.resources[0], name: 'Cairn', criteria: { institutions: ['vs'], patronTypes: ['vs-pm'] } }], directory };
    const path = file('changed.json', changed);
    const before = await gateway('export', []);
    const dry = await gateway('import', ['--dry-run', path]);
    const difference = [
      'Resources: 0 added, 1 changed, 2 removed.',
      '~ resource cairn (Cairn)',
      '    name: "Cairn.info" → "Cairn"',
      '    criteria.patronTypes: [] → ["vs-pm"]',
      '    criteria.minAge: 18 → (none)',
      '- resource jstor (JSTOR), removed',
      '- resource europresse (Europresse), removed',
      'Institutions: 1 added, 0 changed, 0 removed.',
      '+ institution vs (Valais Media Library), added',
      'Patron types: 1 added, 0 changed, 0 removed.',
      '+ patron type vs-pm (Adult reader), added',
    ];
    expect(dry).toEqual({ code: 0, stdout: [...difference, `Dry run: nothing was changed. ${path} would import 1 resource and the directory.`, ''].join('\n'), stderr: '' });
    expect(await gateway('export', [])).toEqual(before);
    expect(await audit()).toHaveLength(1);
    // --dry-run may also come after the file.
    expect((await gateway('import', [path, '--dry-run'])).code).toBe(0);

    const applied = await gateway('import', [path]);
    expect(applied).toEqual({ code: 0, stdout: [...difference, 'Imported 1 resource and the directory.', ''].join('\n'), stderr: '' });
    expect(JSON.parse((await gateway('export', [])).stdout).directory).toEqual(directory);
    expect(await audit()).toHaveLength(2);
    // Again: nothing differs.
    expect((await gateway('import', ['--dry-run', path])).stdout).toMatch(/^No changes\.\n/);
  });

  test('an invalid document: one line per error with its path, exit 1, nothing changed (dry run too)', async () => {
    await gateway('import', [file('criteria.json', valid)]);
    const before = await gateway('export', []);
    for (const args of [[file('invalid.json', invalid)], ['--dry-run', file('invalid.json', invalid)]]) {
      const run = await gateway('import', args);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines.slice(0, -1).map((line) => line.slice(0, line.indexOf(': ')))).toEqual(['$.resources[1].name', '$.resources[1].url', '$.resources[1].criteria.minage', '$.resources[1].slug']);
      expect(lines[0]).toBe('$.resources[1].name: The name must not be empty.');
      expect(lines.at(-1)).toMatch(/invalid\.json: 4 problems; nothing was imported\.$/);
    }
    expect(await gateway('export', [])).toEqual(before);
    expect(await audit()).toHaveLength(1);
  });

  test('a resource naming a code the stored directory lacks: refused, naming the resource', async () => {
    await gateway('import', [file('criteria.json', { resources: [], directory })]);
    const run = await gateway('import', [file('wrong.json', { resources: [{ slug: 'x', name: 'X', url: 'https://x.example/', criteria: { institutions: ['ge'] } }] })]);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(
      '$.resources[0].criteria.institutions: The resource "x" names the institution "ge", which the directory does not have: add it to the directory, or choose from it.\n' +
        `${join(folder, 'wrong.json')}: 1 problem; nothing was imported.\n`,
    );
  });

  test('connections: imported and printed without secrets; export masks them', async () => {
    const run = await gateway('import', [file('criteria.json', { ...valid, connections: [LIBRIS] })], { SECRETS_KEY: KEY });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Connections: 1 added, 0 changed, 0 removed.\n+ connection libris-test, added\n');
    expect(run.stdout).toMatch(/Imported 3 resources and 1 connection\.\n$/);
    expect(run.stdout).not.toContain('libris-secret-value-1');
    const exported = JSON.parse((await gateway('export', [])).stdout) as { connections: { clientSecret: string }[] };
    expect(exported.connections[0]?.clientSecret).toBe('********');
    const [entry] = await audit();
    expect(entry?.after).toMatchObject({ connections: [{ id: 'libris-test', secrets: { clientSecret: 'replaced' } }] });
    expect(JSON.stringify(entry)).not.toContain('libris-secret-value-1');
    const noKey = await gateway('import', [file('again.json', { ...valid, connections: [LIBRIS] })], {});
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^\$\.connections: .*SECRETS_KEY is not set/);
  });

  test('stored rows that no longer validate: the import replaces them whole, saying so (the way to correct them)', async () => {
    await gateway('import', [file('criteria.json', valid)]);
    const store = await openStore(databaseUrl);
    await store.db.updateTable('resources').set({ criteria: '{"minAge": "old"}' }).where('slug', '=', 'cairn').execute();
    await store.close();
    // The command line (scripts/cli.ts) prints a store's error and exits 1.
    await expect(gateway('export', [])).rejects.toThrow(/no longer matches the criteria rules/);
    const run = await gateway('import', [file('fixed.json', valid)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^The stored criteria could not be read, so the import replaces them whole:\n {2}\$\.resources\[0\]\.criteria\.minAge: /);
    expect(run.stdout).toMatch(/Resources: 3 added, 0 changed, 0 removed\.\n[^]*Imported 3 resources\.\n$/);
    expect((await gateway('export', [])).code).toBe(0);
  });

  test('an unreadable file or one that is not JSON: one clear line, exit 1; wrong usage: exit 2', async () => {
    const missing = await gateway('import', [join(folder, 'nope.json')]);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `Cannot read ${join(folder, 'nope.json')}: no such file.\n` });
    const notJson = await gateway('import', [file('broken.json', '{"resources": [')]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^\S*broken\.json is not valid JSON: .+\n$/);
    for (const args of [[], ['a.json', 'b.json'], ['--dry-run'], ['--dry-run', '--dry-run', 'a.json'], ['--force', 'a.json']]) {
      const run = await gateway('import', args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(/import --dry-run <file\.json>/);
    }
    expect((await gateway('export', ['x'])).code).toBe(2);
  });
});
