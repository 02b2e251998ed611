import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStore } from '../../lib/store';
import { listAudit } from '../../lib/store/audit';
import { endsAfter, sessionGenerations } from '../../lib/store/session-ends';
import { runSessions } from './sessions';

const NOW = new Date('2026-06-15T10:00:00Z');

describe('npm run gateway -- sessions', () => {
  let folder: string;
  let url: string;
  let out: string;
  let err: string;
  const run = (...args: string[]) =>
    runSessions(
      args,
      {
        out: (text) => (out += text),
        err: (text) => (err += text),
        now: () => NOW,
      },
      { DATABASE_URL: url },
    );

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'gw-sessions-'));
    url = `file:${join(folder, 'gateway.db')}`;
    out = '';
    err = '';
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  test('end <userId> raises the patron\'s generation, end --all the gateway\'s; each audited as "cli"', async () => {
    expect(await run('end', '1001')).toBe(0);
    expect(await run('end', '1001')).toBe(0);
    expect(await run('end', '--all')).toBe(0);
    expect(out).toContain('Every session of 1001 has ended');
    expect(out).toContain('rotate it too');
    const store = await openStore(url);
    try {
      expect(await sessionGenerations(store.db, '1001')).toEqual({ generation: 2, epoch: 1 });
      expect(await sessionGenerations(store.db, '1002')).toEqual({ generation: 0, epoch: 1 });
      const ends = await endsAfter(store.db, 0);
      expect(ends.map((e) => e.kind)).toEqual(['patron', 'patron', 'all']);
      const audit = await listAudit(store.db, { limit: 10 });
      expect(audit.map((e) => [e.action, e.target, e.actor])).toEqual([
        ['sessions.end-all', 'all', 'cli'],
        ['sessions.end', '1001', 'cli'],
        ['sessions.end', '1001', 'cli'],
      ]);
    } finally {
      await store.close();
    }
  });

  test.each([[[]], [['end']], [['end', 'louis']], [['end', '1001', '1002']], [['stop', '1001']]])('refuses %j with usage, changing nothing', async (args) => {
    expect(await run(...args)).toBe(2);
    expect(err).toContain('Usage:');
    const store = await openStore(url);
    try {
      expect(await endsAfter(store.db, 0)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
