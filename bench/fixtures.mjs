/**
 * What the benchmarks and the fault journeys share: production servers of the
 * gateway, the RERO+ simulator, and signed-in patrons.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInAtGateway } from '../simulators/drive.mjs';
import { startReroSimulator } from '../simulators/rero-plus.mjs';

export const BENCH_DOCUMENT = {
  resources: [
    {
      slug: 'cairn',
      name: 'Cairn.info',
      url: 'https://www.cairn.info/',
      criteria: { institutions: ['vs', 'rbnj'], patronTypes: ['vs-pm', 'rbnj-adult'], minAge: 18 },
    },
  ],
};

export const CLIENT = { clientId: 'gateway-bench', clientSecret: 'bench-client-secret-0123456789' };

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** Like run, without blocking this process (which may be relaying the database, see http-tests/tcp-proxy.mjs). */
function runAsync(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code})`))));
  });
}

async function waitFor(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer in time`);
}

/** A RERO+ simulator that accepts the callbacks of the given origins. */
export function startSimulator(origins) {
  return startReroSimulator({ port: 0, clients: [{ ...CLIENT, redirectUris: origins.map((o) => `${o}/auth/callback`) }] });
}

/** The server of the standalone build (scripts/build.mjs) that every instance runs. */
const SERVER = join(process.env.NEXT_DIST_DIR || '.next', 'standalone', 'server.mjs');

/** Builds the gateway unless BENCH_SKIP_BUILD=1 and a standalone build exists (an older, non-standalone one has no server to run). */
export function ensureBuild() {
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(SERVER)) return;
  run(process.execPath, ['scripts/build.mjs'], { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
}

/**
 * Starts one production gateway process.
 * @param {{ port: number, simulator: { url: string }, appUrl?: string, databaseUrl?: string, importCriteria?: boolean, document?: object, extraEnv?: Record<string,string>, stdio?: 'ignore' | 'inherit' }} options
 */
export async function startInstance({ port, simulator, appUrl = `http://localhost:${port}`, databaseUrl, importCriteria = true, document = BENCH_DOCUMENT, extraEnv = {}, stdio = 'ignore' }) {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-server-'));
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    APP_URL: appUrl,
    SESSION_SECRET: 'bench-session-secret-0123456789abcdefghij',
    RERO_URL: simulator.url,
    RERO_CLIENT_ID: CLIENT.clientId,
    RERO_CLIENT_SECRET: CLIENT.clientSecret,
    DATABASE_URL: databaseUrl ?? `file:${join(dir, 'gateway.db')}`,
    METRICS_PORT: '0',
    RATE_LIMIT_SIGNIN_PER_MINUTE: '100000',
    // Each instance's forward-auth listener on a port of its own.
    FORWARD_AUTH_PORT: String(port + 10_000),
    ...extraEnv,
  };
  if (importCriteria) {
    const documentPath = join(dir, 'criteria.json');
    writeFileSync(documentPath, JSON.stringify(document));
    await runAsync('npx', ['tsx', 'scripts/gateway.ts', 'import', documentPath], env);
  }
  const server = spawn(process.execPath, [SERVER], { env: { ...env, PORT: String(port) }, stdio: ['ignore', stdio, stdio === 'ignore' ? 'inherit' : stdio], detached: true });
  await waitFor(`http://localhost:${port}/api/health`, server);
  return {
    url: `http://localhost:${port}`,
    appUrl,
    /** The forward-auth listener (GET /verify). */
    forwardAuthUrl: `http://127.0.0.1:${env.FORWARD_AUTH_PORT}`,
    pid: server.pid,
    /** The process group: npx, next and its workers. */
    kill(signal = 'SIGTERM') {
      try {
        process.kill(-server.pid, signal);
      } catch {}
    },
    exited: new Promise((resolve) => server.on('exit', resolve)),
  };
}

/**
 * A production gateway on a temporary SQLite store with its own simulator.
 * @param {{ port?: number, databaseUrl?: string, extraEnv?: Record<string,string> }} [options]
 */
export async function startGateway({ port = 3200, databaseUrl, extraEnv = {} } = {}) {
  ensureBuild();
  const appUrl = `http://localhost:${port}`;
  const simulator = await startSimulator([appUrl]);
  const instance = await startInstance({ port, simulator, databaseUrl, extraEnv });
  return {
    appUrl,
    forwardAuthUrl: instance.forwardAuthUrl,
    simulator,
    pid: instance.pid,
    signIn: (username = 'louis') => signInAtGateway(appUrl, { username }),
    async stop() {
      instance.kill();
      await simulator.close();
    },
  };
}
