#!/usr/bin/env node
/**
 * `npm run build`: Next's build (`output: 'standalone'`, next.config.mjs) into
 * NEXT_DIST_DIR (default .next), then the standalone folder made whole, as
 * Next's documentation asks of whoever runs it:
 *
 *   <dist>/standalone/server.mjs       the gateway's server (scripts/server.mjs)
 *   <dist>/standalone/<dist>/static/   the browser's assets
 *   <dist>/standalone/public/          the public files, if any
 *
 * Next's own standalone `server.js` is removed: started by mistake, it would
 * serve without recording the socket's peer (scripts/server.mjs).
 *
 * Node built-ins only; the build's output and exit code are Next's.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const distDir = process.env.NEXT_DIST_DIR || '.next';
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const build = spawn(process.execPath, [nextBin, 'build'], { stdio: 'inherit' });
// Stopping the build (Ctrl+C, or the demo stopping) stops Next's build too.
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => build.kill(signal));
const status = await new Promise((resolve) => build.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
if (status !== 0) process.exit(status);

const standalone = path.join(distDir, 'standalone');
if (!existsSync(path.join(standalone, distDir, 'required-server-files.json'))) {
  console.error(`build: ${standalone} is not a standalone build (is output: 'standalone' still in next.config.mjs?).`);
  process.exit(1);
}
cpSync(path.join(distDir, 'static'), path.join(standalone, distDir, 'static'), { recursive: true });
if (existsSync('public')) cpSync('public', path.join(standalone, 'public'), { recursive: true });
copyFileSync('scripts/server.mjs', path.join(standalone, 'server.mjs'));
rmSync(path.join(standalone, 'server.js'), { force: true });
console.log(`build: the gateway's server is ${path.join(standalone, 'server.mjs')}.`);
