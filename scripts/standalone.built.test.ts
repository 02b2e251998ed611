/**
 * The standalone build runs on its own (docs/deployment.md): the tests' build
 * folder `.next-test/standalone`, copied where no node_modules lies above it,
 * serves pages, assets and its store with nothing but Node.js. Relative paths
 * are the working directory's. Runs when the build is there (`npm test` builds
 * it before this phase).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { closedPort } from '../simulators/http.mjs';

const STANDALONE = join(fileURLToPath(new URL('..', import.meta.url)), '.next-test', 'standalone');


test.runIf(existsSync(join(STANDALONE, 'server.mjs')))('a copy of the standalone build serves pages, assets and its store from anywhere, its data in the working directory', async () => {
  // Under the temporary directory: no project, no node_modules above the copy.
  const root = mkdtempSync(join(tmpdir(), 'gw-standalone-'));
  const copy = join(root, 'app');
  const work = join(root, 'work');
  cpSync(STANDALONE, copy, { recursive: true });
  mkdirSync(work);
  const port = await closedPort();
  const server = spawn(process.execPath, [join(copy, 'server.mjs')], {
    cwd: work,
    env: {
      NODE_ENV: 'production',
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      SESSION_SECRET: 'standalone-session-secret-0123456789abcdef',
      RERO_URL: 'http://127.0.0.1:9',
      RERO_CLIENT_ID: 'gateway',
      RERO_CLIENT_SECRET: 'standalone-client-secret',
      DATABASE_URL: 'file:./gateway.db',
      FORWARD_AUTH_PORT: '0',
      METRICS_PORT: '0',
    },
    stdio: 'ignore',
  });
  try {
    const origin = `http://localhost:${port}`;
    await expect.poll(() => fetch(`${origin}/api/ready`).then((r) => r.status, () => 0), { timeout: 15_000 }).toBe(200);
    const home = await fetch(`${origin}/`);
    expect(home.status).toBe(200);
    const css = /\/_next\/static\/[^"]+\.css/.exec(await home.text())?.[0];
    expect(css).toBeDefined();
    expect((await fetch(`${origin}${css}`)).status).toBe(200);
    // The store: relative to the working directory, not to the build.
    expect(existsSync(join(work, 'gateway.db'))).toBe(true);
    expect(existsSync(join(copy, 'gateway.db'))).toBe(false);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(root, { recursive: true, force: true });
  }
});
