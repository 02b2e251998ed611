#!/usr/bin/env node
/**
 * npm run demo: the gateway on its embedded defaults — the local RERO+
 * simulator and the embedded store — built and started on localhost.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DEMO_PATRONS, startReroSimulator } from '../e2e/simulators/rero-plus.mjs';

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

console.log('Building the gateway…');
const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env });
if (build.status !== 0) {
  await simulator.close();
  process.exit(build.status ?? 1);
}

// A first run starts with the demo e-resources; later runs keep what was changed in /admin.
const existing = spawnSync('npx', ['tsx', 'scripts/gateway.ts', 'export'], { env, encoding: 'utf8' });
const empty = existing.status !== 0 || JSON.parse(existing.stdout || '{"resources":[]}').resources.length === 0;
if (empty) spawnSync('npx', ['tsx', 'scripts/gateway.ts', 'import', 'demo/criteria.json'], { stdio: 'inherit', env });

const server = spawn(process.execPath, ['scripts/server.mjs'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, PORT: String(port) } });

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

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
  await simulator.close();
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => stop(code ?? 0));
