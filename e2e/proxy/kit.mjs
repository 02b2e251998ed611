/**
 * What the scripts that run a real proxy for the journeys share (e2e/nginx/start.mjs,
 * e2e/caddy/start.mjs): reading ports, finding (or, as root, installing) the proxy,
 * waiting for ports, and the stand-in e-resource every protected location points at.
 *
 * Node built-ins only.
 */
import http from 'node:http';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** A `fail(message)` that names the script, prints and exits 1. @param {string} script */
export function failer(script) {
  /** @param {string} message @returns {never} */
  return (message) => {
    console.error(`${script}: ${message}`);
    process.exit(1);
  };
}

/** The port in env `name`, or fail. @param {string} name @param {(message: string) => never} fail */
export function portFromEnv(name, fail) {
  const raw = process.env[name];
  const value = Number(raw);
  if (!raw || !Number.isInteger(value) || value < 1 || value > 65535) fail(`${name} must be a port number, got ${raw ?? 'nothing'}`);
  return value;
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` on PATH, or in one of `extra` places. @param {string} name @param {string[]} extra */
function findExecutable(name, extra) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    if (isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return extra.find(isExecutable);
}

/**
 * The path of program `name`; as root on Debian, Debian's package `pkg` is installed
 * when it is missing; otherwise the script stops saying how to install it.
 * @param {{ name: string, pkg: string, extra?: string[], fail: (message: string) => never }} what
 */
export function ensureProgram({ name, pkg, extra = [], fail }) {
  const found = findExecutable(name, extra);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    fail(`${name} is not installed. Install it, e.g. \`sudo apt-get install ${pkg}\` on Debian, or run this as root to have it installed.`);
  }
  console.log(`${name} is missing: installing Debian's ${pkg}`);
  const install = spawnSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${pkg}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findExecutable(name, extra);
  if (install.status !== 0 || !installed) fail(`installing ${pkg} with apt-get failed; install ${name} and run again.`);
  return installed;
}

/** @param {number} target */
export function isPortFree(target) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(target, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** @param {number} target @param {number} timeoutMs */
export async function waitForPort(target, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: target });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** @param {unknown} value */
function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The stand-in e-resource on 127.0.0.1:`listenPort`: 200 HTML for every request,
 * echoing the path and the X-Patron-* headers it received; with `setsCookie`, it
 * also sets a cookie of its own (a proxy in front of it on the gateway's origin must
 * drop it). GET
 * /__upstream__/requests (direct, not through the proxy) lists the requests it
 * served, with their host, X-Patron-* headers and cookies, so tests can tell what
 * reached it. It reads the Cookie header only to report it: the gateway's cookies
 * never may reach it.
 * @param {number} listenPort
 * @param {{ setsCookie?: boolean }} [options]
 * @returns {Promise<http.Server>}
 */
export function startStandIn(listenPort, { setsCookie = false } = {}) {
  /** @type {{ method: string, host: string | null, path: string, patronId: string | null, patron: Record<string, string>, cookies: string[], cookie: string | null }[]} */
  const served = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    if (target === '/__upstream__/requests') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(served));
      return;
    }
    /** @param {string} name */
    const header = (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value ?? null;
    };
    const patron = {
      'x-patron-id': header('x-patron-id'),
      'x-patron-institution': header('x-patron-institution'),
      'x-patron-type': header('x-patron-type'),
    };
    // Every X-Patron-* header that arrived, whatever its name: a test checks it is exactly what was released.
    const received = Object.fromEntries(Object.keys(req.headers).filter((name) => name.startsWith('x-patron-')).map((name) => [name, /** @type {string} */ (header(name))]));
    const cookies = (header('cookie') ?? '').split(';').map((part) => part.split('=')[0]?.trim() ?? '').filter(Boolean);
    served.push({ method: req.method ?? 'GET', host: header('x-forwarded-host'), path: target, patronId: patron['x-patron-id'], patron: received, cookies, cookie: header('cookie') });
    const rows = Object.entries(patron)
      .map(([name, value]) => `<dt>${name}</dt><dd data-header="${name}">${value === null ? '' : escapeHtml(value)}</dd>`)
      .join('\n');
    const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>E-resource (e2e stand-in)</title></head>
<body data-upstream="e-resource">
<h1>E-resource</h1>
<p>Path: <code data-path>${escapeHtml(target)}</code></p>
<dl>
${rows}
</dl>
</body></html>
`;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-upstream': 'e-resource',
      ...(setsCookie ? { 'set-cookie': 'vendor_session=from-the-e-resource; Path=/; HttpOnly' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Runs a proxy beside the stand-in e-resource until SIGTERM/SIGINT, then stops both
 * and calls `cleanup`; exits non-zero if the proxy dies on its own or does not
 * open `port` within 10 s.
 * @param {{
 *   name: string, script: string, command: string, args: string[], env?: NodeJS.ProcessEnv,
 *   port: number, standIn: { port: number, setsCookie?: boolean }, cleanup: () => void,
 *   onUnexpectedExit?: () => void, filterStderr?: (line: string) => boolean, ready: string,
 * }} proxy
 */
export async function superviseProxy({ name, script, command, args, env, port, standIn, cleanup, onUnexpectedExit, filterStderr, ready }) {
  const fail = failer(script);
  /** @type {http.Server} */
  let upstream;
  try {
    upstream = await startStandIn(standIn.port, { setsCookie: standIn.setsCookie });
  } catch (err) {
    cleanup();
    fail(`the stand-in e-resource cannot listen on 127.0.0.1:${standIn.port}: ${err instanceof Error ? err.message : err}`);
  }

  const child = spawn(command, args, { stdio: ['ignore', 'inherit', filterStderr ? 'pipe' : 'inherit'], env: env ?? process.env });
  if (filterStderr) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (/** @type {string} */ chunk) => {
      for (const line of chunk.split('\n')) if (line && filterStderr(line)) console.error(line);
    });
  }
  let stopping = false;
  let exitCode = 0;

  const closeUpstream = () => new Promise((resolve) => {
    upstream.close(() => resolve(undefined));
    upstream.closeAllConnections();
  });

  child.once('error', async (err) => {
    await closeUpstream();
    cleanup();
    fail(`cannot start ${command}: ${err.message}`);
  });
  child.once('exit', async (code, signal) => {
    // A SIGTERM sent to the whole process group reaches the proxy and this script together:
    // give our own handler a moment to run before calling the exit unexpected.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await closeUpstream();
    cleanup();
    if (stopping) process.exit(exitCode);
    onUnexpectedExit?.();
    console.error(`${script}: ${name} exited unexpectedly (${signal ?? `code ${code}`})`);
    process.exit(1);
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    // SIGTERM: a fast shutdown (nginx's graceful one is SIGQUIT); the tests want it gone now.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    setTimeout(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); }, 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  if (!(await waitForPort(port, 10_000))) {
    console.error(`${script}: ${name} did not open 127.0.0.1:${port} within 10 s`);
    exitCode = 1;
    stop();
    return;
  }
  if (!stopping) console.log(ready);
}
