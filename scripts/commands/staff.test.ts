import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStore } from '../../lib/store';
import { noteSignIn } from '../../lib/admin/staff';
import { listAudit } from '../../lib/store/audit';
import { runCliCollected } from '../cli-collected';
import { runStaff } from './staff';

const NOW = new Date('2026-06-15T10:00:00Z');

describe('npm run gateway -- staff', () => {
  let folder: string;
  let url: string;
  let out: string;
  let err: string;
  const run = (...args: string[]) =>
    runStaff(
      args,
      {
        out: (text) => {
          out += text;
        },
        err: (text) => {
          err += text;
        },
        now: () => NOW,
      },
      { DATABASE_URL: url },
    );

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'gw-staff-'));
    url = `file:${join(folder, 'gateway.db')}`;
    out = '';
    err = '';
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  test('add, change, list and remove; each change audited with actor "cli"', async () => {
    expect(await run('list')).toBe(0);
    expect(out).toMatch(/^No staff yet/);
    out = '';
    expect(await run('add', '1001', 'admin')).toBe(0);
    expect(await run('add', '1002', 'librarian', 'vs')).toBe(0);
    expect(await run('add', '1002', 'librarian', 'vs', 'rbnj')).toBe(0);
    expect(await run('add', '1002', 'librarian', 'rbnj', 'vs')).toBe(0);
    expect(out).toBe('Added 1001  admin.\nAdded 1002  librarian  vs.\nChanged 1002  librarian  vs → 1002  librarian  rbnj vs.\n1002  librarian  rbnj vs already; nothing was changed.\n');
    out = '';
    const named = await openStore(url);
    await noteSignIn(named.db, { userId: '1001', name: 'Roduit, Louis' });
    await named.close();
    expect(await run('list')).toBe(0);
    expect(out).toBe('1001  admin  (Roduit, Louis)\n1002  librarian  rbnj vs\n');
    out = '';
    expect(await run('remove', '1002')).toBe(0);
    expect(out).toBe('Removed 1002  librarian  rbnj vs.\n');
    expect(err).toBe('');

    const store = await openStore(url);
    try {
      const entries = await listAudit(store.db, { limit: 10 });
      expect(entries.map((e) => [e.action, e.target, e.actor, e.at])).toEqual([
        ['staff.remove', '1002', 'cli', NOW.toISOString()],
        ['staff.update', '1002', 'cli', NOW.toISOString()],
        ['staff.add', '1002', 'cli', NOW.toISOString()],
        ['staff.add', '1001', 'cli', NOW.toISOString()],
      ]);
    } finally {
      await store.close();
    }
  });

  test('wrong usage: a plain message, exit 2, nothing stored', async () => {
    expect(await run('add', 'louis', 'admin')).toBe(2);
    expect(err).toBe('The user id must be the RERO+ user id, digits only (e.g. 1001).\n');
    err = '';
    expect(await run('add', '1002', 'librarian')).toBe(2);
    expect(err).toBe('A librarian needs at least one institution code.\n');
    err = '';
    expect(await run('add', '1002', 'admin', 'vs')).toBe(2);
    expect(err).toMatch(/^Admins are not limited/);
    expect(await run('add', '1002', 'boss')).toBe(2);
    expect(await run('add')).toBe(2);
    expect(await run('frobnicate')).toBe(2);
    expect(await run()).toBe(2);
    expect(await run('list', 'extra')).toBe(2);
    err = '';
    expect(await run('remove', '999')).toBe(1);
    expect(err).toBe('999 is not staff; nothing was changed.\n');
    out = '';
    await run('list');
    expect(out).toMatch(/^No staff yet/);
  });

  test('registered in the gateway command line', async () => {
    const { code, stdout } = await runCliCollected(['staff', 'add', '1001', 'admin'], { DATABASE_URL: url });
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'Added 1001  admin.\n' });
  });
});
