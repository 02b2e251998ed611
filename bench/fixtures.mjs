/**
 * What the benchmarks share: a production server of the gateway on a temp
 * SQLite store, the RERO+ simulator, and signed-in patrons.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInAtGateway } from '../e2e/simulators/drive.mjs';
import { startReroSimulator } from '../e2e/simulators/rero-plus.mjs';

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

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
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

/**
 * Starts a production gateway (building it when no build exists).
 * @param {{ port?: number, databaseUrl?: string, simulator?: Awaited<ReturnType<typeof startReroSimulator>>, extraEnv?: Record<string,string> }} [options]
 */
export async function startGateway({ port = 3200, databaseUrl, simulator, extraEnv = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  const appUrl = `http://localhost:${port}`;
  const clientId = 'gateway-bench';
  const clientSecret = 'bench-client-secret-0123456789';
  const sim =
    simulator ??
    (await startReroSimulator({ port: 0, clients: [{ clientId, clientSecret, redirectUris: [`${appUrl}/auth/callback`] }] }));
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    APP_URL: appUrl,
    SESSION_SECRET: 'bench-session-secret-0123456789abcdefghij',
    RERO_URL: sim.url,
    RERO_CLIENT_ID: clientId,
    RERO_CLIENT_SECRET: clientSecret,
    DATABASE_URL: databaseUrl ?? `file:${join(dir, 'gateway.db')}`,
    ...extraEnv,
  };
  if (process.env.BENCH_SKIP_BUILD !== '1' || !existsSync('.next/BUILD_ID')) run('npx', ['next', 'build'], env);
  const documentPath = join(dir, 'criteria.json');
  writeFileSync(documentPath, JSON.stringify(BENCH_DOCUMENT));
  run('npx', ['tsx', 'scripts/gateway.ts', 'import', documentPath], env);
  const server = spawn('npx', ['next', 'start', '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  await waitFor(`${appUrl}/api/health`, server);
  return {
    appUrl,
    simulator: sim,
    pid: server.pid,
    signIn: (username = 'louis') => signInAtGateway(appUrl, { username }),
    async stop() {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {}
      if (!simulator) await sim.close();
    },
  };
}
