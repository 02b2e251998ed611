#!/usr/bin/env node
/**
 * npm run demo: the gateway on its embedded defaults — the local RERO+
 * simulator and the embedded store — built and started on localhost.
 *
 * It stops cleanly on Ctrl+C and on SIGTERM, and also when whatever started it
 * goes away without passing the signal on (a shell that dies first): the
 * server, the build or the command it runs, and the simulator all end, and
 * nothing is left listening. The server also ends if this script is killed
 * outright (it watches the IPC channel to its parent).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DEMO_PATRONS, startReroSimulator } from '../simulators/rero-plus.mjs';

/**
 * The demo's session secret, made on the first run and kept beside its store:
 * the store's pseudonym key is sealed under it, and the gateway refuses to
 * start rather than replace a key it cannot open (docs/pseudonyms.md).
 */
function demoSessionSecret() {
  const file = 'data/demo-session-secret';
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync('data', { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const port = Number(process.env.PORT ?? 3000);
const simPort = Number(process.env.RERO_SIM_PORT ?? 4000);
const appUrl = `http://localhost:${port}`;
const clientId = 'gateway-demo';
const clientSecret = randomBytes(24).toString('base64url');

const simulator = await startReroSimulator({
  port: simPort,
  clients: [{ clientId, clientSecret, redirectUris: [`${appUrl}/auth/callback`] }],
});

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  // The demo builds and serves .next (`npm test` builds .next-test, beside it).
  NEXT_DIST_DIR: '.next',
  APP_URL: appUrl,
  PORT: String(port),
  SESSION_SECRET: process.env.SESSION_SECRET ?? demoSessionSecret(),
  RERO_URL: simulator.url,
  RERO_CLIENT_ID: clientId,
  RERO_CLIENT_SECRET: clientSecret,
  // louis (user id 1001) is the demo's admin: /admin shows the librarians' side.
  ADMIN_USER_IDS: process.env.ADMIN_USER_IDS ?? '1001',
  LIBRARY_NAME: process.env.LIBRARY_NAME ?? 'Demo library',
};

// Node runs the build and tsx itself (not through npx), so that stopping a child stops the work.
const resolve = createRequire(import.meta.url).resolve;
const TSX = resolve('tsx/cli');

/** The children running now: stopped with the demo. @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
let stopping = false;

/**
 * Runs a command to its end (asynchronously, so that a signal is handled meanwhile).
 * @param {string} command @param {string[]} args @param {{ capture?: boolean }} [options]
 * @returns {Promise<{ status: number | null, stdout: string }>}
 */
function run(command, args, { capture = false } = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], env });
    children.add(child);
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
    child.once('error', () => done({ status: 1, stdout }));
    child.once('exit', (status) => {
      children.delete(child);
      done({ status, stdout });
    });
  });
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const running = [...children];
  for (const child of running) child.kill('SIGTERM');
  // The server flushes its pending decision counts, then exits; anything still there after 5 s is killed.
  await Promise.race([
    Promise.all(running.map((child) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((resolve) => child.once('exit', resolve))))),
    new Promise((resolve) => setTimeout(resolve, 5000)),
  ]);
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await simulator.close();
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));
// Orphaned (whatever started the demo is gone, and the signal with it): stop too.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) stop(0); }, 1000).unref();

console.log('Building the gateway…');
const build = await run(process.execPath, ['scripts/build.mjs']);
if (build.status !== 0) await stop(build.status ?? 1);

// A first run starts with the demo e-resources; later runs keep what was changed in /admin.
const existing = await run(process.execPath, [TSX, 'scripts/gateway.ts', 'export'], { capture: true });
const empty = existing.status !== 0 || JSON.parse(existing.stdout || '{"resources":[]}').resources.length === 0;
if (empty && !stopping) await run(process.execPath, [TSX, 'scripts/gateway.ts', 'import', 'demo/criteria.json']);
if (stopping) await new Promise(() => {});

// With an IPC channel: the server ends by itself if this script dies without stopping it.
const server = spawn(process.execPath, ['.next/standalone/server.mjs'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...env, PORT: String(port) } });
children.add(server);
server.on('exit', (code) => {
  children.delete(server);
  stop(code ?? 0);
});

console.log(`
The gateway runs at ${appUrl}
RERO+ simulator at ${simulator.url}
Demo logins (password "demo" for each):
${DEMO_PATRONS.map((p) => `  ${p.username.padEnd(8)} ${p.fullname ?? ''}${describe(p)}`).join('\n')}
louis is an admin: ${appUrl}/admin
Press Ctrl+C to stop.
`);

function describe(patron) {
  if (!patron.records?.length) return ' — no patron record';
  return ` — ${patron.records.map((r) => `${r.code} ${r.patronType ?? '(no patron type)'} until ${r.expirationDate}`).join('; ')}`;
}
