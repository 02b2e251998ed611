/**
 * `node e2e/nginx/start.mjs`: runs docs/nginx.conf (or docs/nginx-hosts.conf) for
 * the e2e journeys.
 *
 * env NGINX_PORT (nginx, on 127.0.0.1), GATEWAY_PORT (a running gateway), FORWARD_AUTH_PORT (its
 * forward-auth listener, for nginx.conf),
 * UPSTREAM_PORT (a stand-in e-resource this script serves), NGINX_CONF
 * (`nginx.conf`, the default, or `nginx-hosts.conf`), and for nginx-hosts.conf
 * NGINX_DOMAIN (the test domain put in place of library.example.org, whose host
 * names the browser maps to 127.0.0.1).
 *
 * - finds nginx (PATH or /usr/sbin/nginx); as root it installs Debian's nginx-light
 *   when missing, otherwise it stops with a message saying how to install it;
 * - serves the stand-in e-resource on 127.0.0.1:UPSTREAM_PORT (every upstream of the
 *   config): 200 HTML for every request, echoing the path and every X-Patron-*
 *   header it received; GET /__upstream__/requests (direct, not through nginx)
 *   lists the requests it served, with their host, X-Patron-* headers and the
 *   names of the cookies they carried, so tests can tell what reached it;
 * - copies the config with the ports (and for nginx-hosts.conf the domain and a
 *   self-signed certificate for it, made with openssl) replaced into a fresh temp
 *   dir, wraps it in a minimal main config (pid, logs and temp paths in that dir),
 *   checks it with `nginx -t` and runs nginx in the foreground;
 * - SIGTERM/SIGINT stop nginx and the e-resource and remove the temp dir; if nginx
 *   dies on its own the script exits non-zero.
 *
 * Node built-ins only.
 */
import http from 'node:http';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.resolve(here, '../../docs');

/** @param {string} message */
function fail(message) {
  console.error(`e2e/nginx/start.mjs: ${message}`);
  process.exit(1);
}

/** @param {string} name */
function port(name) {
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

function findNginx() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    if (isExecutable(path.join(dir, 'nginx'))) return path.join(dir, 'nginx');
  }
  return isExecutable('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined;
}

function ensureNginx() {
  const found = findNginx();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    fail('nginx is not installed (not on PATH, not /usr/sbin/nginx). Install it, e.g. `sudo apt-get install nginx-light` on Debian, or run this script as root to have it installed.');
  }
  console.log('nginx is missing: installing Debian\'s nginx-light');
  const install = spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq nginx-light'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findNginx();
  if (install.status !== 0 || !installed) fail('installing nginx-light with apt-get failed; install nginx (with the auth_request module) and run again.');
  return installed;
}

/** @param {string} nginx */
function checkAuthRequestModule(nginx) {
  const version = spawnSync(nginx, ['-V'], { encoding: 'utf8' });
  const text = `${version.stdout ?? ''}${version.stderr ?? ''}`;
  if (version.status !== 0) fail(`\`${nginx} -V\` failed:\n${text}`);
  if (!text.includes('--with-http_auth_request_module')) fail(`${nginx} was built without the auth_request module (--with-http_auth_request_module); Debian's nginx and nginx-light have it.`);
}

/** @param {unknown} value */
function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The stand-in e-resource. It reads the path, the X-Patron-* headers and the Cookie
 * header (only to report what reached it: the gateway's cookies never may).
 * @param {number} listenPort
 */
function startUpstream(listenPort) {
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
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-upstream': 'e-resource' });
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
 * The docs config with the documented ports (and names) replaced, each
 * replacement checked against how often the file is expected to hold it.
 * @param {{ nginxPort: number, gatewayPort: number, upstreamPort: number, forwardAuthPort: number, librisPort: number }} ports
 * @param {string} name `nginx.conf` or `nginx-hosts.conf`
 * @param {{ domain: string, certificate: string, key: string } | undefined} tls for nginx-hosts.conf
 */
function siteConfig({ nginxPort, gatewayPort, upstreamPort, forwardAuthPort, librisPort }, name, tls) {
  let conf = readFileSync(path.join(docs, name), 'utf8');
  /** @type {[string, string, number][]} */
  const replacements = [
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${gatewayPort};`, 1],
    // Every e-resource is the one stand-in.
    ['server 127.0.0.1:8081;', `server 127.0.0.1:${upstreamPort};`, 1],
    ['server 127.0.0.1:8082;', `server 127.0.0.1:${upstreamPort};`, 1],
  ];
  if (tls) {
    replacements.push(
      ['listen 443 ssl;', `listen 127.0.0.1:${nginxPort} ssl;`, 2],
      ['listen 443 ssl default_server;', `listen 127.0.0.1:${nginxPort} ssl default_server;`, 1],
      // The gateway's origin as the browser sees it: with the port.
      ['"https://gateway.library.example.org"', `"https://gateway.${tls.domain}:${nginxPort}"`, 1],
      ['/etc/ssl/certs/library.example.org.pem;', `${tls.certificate};`, 1],
      ['/etc/ssl/private/library.example.org.key;', `${tls.key};`, 1],
    );
  } else {
    replacements.push(['listen 8080;', `listen 127.0.0.1:${nginxPort};`, 1], ['server 127.0.0.1:3001;', `server 127.0.0.1:${forwardAuthPort};`, 1], ['server 127.0.0.1:8083;', `server 127.0.0.1:${librisPort};`, 1]);
  }
  for (const [from, to, expected] of replacements) {
    const count = conf.split(from).length - 1;
    if (count !== expected) fail(`docs/${name} should contain \`${from}\` ${expected === 1 ? 'exactly once' : `${expected} times`}, found ${count}`);
    conf = conf.replaceAll(from, to);
  }
  // The remaining names (server_name, the maps, the cookie's Domain) move to the test domain.
  return tls ? conf.replaceAll('library.example.org', tls.domain) : conf;
}

/**
 * A self-signed certificate for the test domain and its host names, in `dir`.
 * @param {string} dir @param {string} domain
 */
function selfSignedCertificate(dir, domain) {
  const certificate = path.join(dir, 'certificate.pem');
  const key = path.join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${domain}`, '-addext', `subjectAltName=DNS:${domain},DNS:*.${domain}`, '-keyout', key, '-out', certificate],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) fail(`openssl could not make a test certificate: ${made.error?.message ?? made.stderr}`);
  return { domain, certificate, key };
}

/** As root, workers run as an unprivileged user; as anyone else nginx keeps the current user. */
function userDirective() {
  if (process.getuid?.() !== 0) return '';
  const has = (/** @type {string} */ file, /** @type {string} */ name) => {
    try {
      return readFileSync(file, 'utf8').split('\n').some((line) => line.startsWith(`${name}:`));
    } catch {
      return false;
    }
  };
  return has('/etc/passwd', 'nobody') && has('/etc/group', 'nogroup') ? 'user nobody nogroup;' : 'user root root;';
}

/** @param {string} dir @param {string} site */
function mainConfig(dir, site) {
  return `# generated by e2e/nginx/start.mjs from docs/nginx.conf
daemon off;
master_process on;
worker_processes 1;
${userDirective()}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
error_log stderr warn;

events {
    worker_connections 256;
}

http {
    default_type application/octet-stream;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;

${site}
}
`;
}

/**
 * When the nginx master dies abruptly its workers live on and keep the port. They are in
 * this script's process group (nginx is not detached, so that a kill of the group, as
 * Playwright does, ends nginx too): end the group's leftover nginx processes. Linux only.
 */
function killOrphanedWorkers() {
  try {
    const group = (/** @type {string} */ stat) => stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2];
    const ours = group(readFileSync('/proc/self/stat', 'utf8'));
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        if (group(readFileSync(`/proc/${pid}/stat`, 'utf8')) !== ours) continue;
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('nginx: ')) continue;
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone already, or not ours to read
      }
    }
  } catch {
    // no /proc: nothing to do
  }
}

/** @param {number} target */
function isPortFree(target) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(target, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** @param {number} target @param {number} timeoutMs */
async function waitForPort(target, timeoutMs) {
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

async function main() {
  const ports = { nginxPort: port('NGINX_PORT'), gatewayPort: port('GATEWAY_PORT'), upstreamPort: port('UPSTREAM_PORT'), forwardAuthPort: process.env.FORWARD_AUTH_PORT ? port('FORWARD_AUTH_PORT') : 0, librisPort: process.env.LIBRIS_PORT ? port('LIBRIS_PORT') : 0 };
  if (!(await isPortFree(ports.nginxPort))) fail(`127.0.0.1:${ports.nginxPort} (NGINX_PORT) is already in use`);
  const nginx = ensureNginx();
  checkAuthRequestModule(nginx);

  const dir = mkdtempSync(path.join(tmpdir(), 'rero-gateway-nginx-'));
  // Workers may run as nobody: they must reach the temp paths nginx creates (and chowns) in here.
  chmodSync(dir, 0o755);
  const confName = process.env.NGINX_CONF || 'nginx.conf';
  if (!['nginx.conf', 'nginx-hosts.conf'].includes(confName)) fail(`NGINX_CONF must be nginx.conf or nginx-hosts.conf, got ${confName}`);
  const domain = process.env.NGINX_DOMAIN ?? '';
  if (confName === 'nginx-hosts.conf' && !/^[a-z0-9.-]+$/.test(domain)) fail('nginx-hosts.conf needs NGINX_DOMAIN, e.g. library.test');
  const tls = confName === 'nginx-hosts.conf' ? selfSignedCertificate(dir, domain) : undefined;
  const confFile = path.join(dir, 'nginx.conf');
  writeFileSync(confFile, mainConfig(dir, siteConfig(ports, confName, tls)));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });

  const test = spawnSync(nginx, ['-t', '-q', '-p', dir, '-c', confFile], { encoding: 'utf8' });
  if (test.status !== 0) {
    const output = `${test.stdout ?? ''}${test.stderr ?? ''}`.trim();
    cleanup();
    fail(`nginx -t refused the configuration:\n${output}`);
  }

  /** @type {http.Server} */
  let upstream;
  try {
    upstream = /** @type {http.Server} */ (await startUpstream(ports.upstreamPort));
  } catch (err) {
    cleanup();
    fail(`the stand-in e-resource cannot listen on 127.0.0.1:${ports.upstreamPort}: ${err instanceof Error ? err.message : err}`);
    return;
  }

  const child = spawn(nginx, ['-p', dir, '-c', confFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  let stopping = false;
  let exitCode = 0;

  const closeUpstream = () => new Promise((resolve) => {
    upstream.close(() => resolve(undefined));
    upstream.closeAllConnections();
  });

  child.once('error', async (err) => {
    await closeUpstream();
    cleanup();
    fail(`cannot start ${nginx}: ${err.message}`);
  });
  child.once('exit', async (code, signal) => {
    // A SIGTERM sent to the whole process group reaches nginx and this script together:
    // give our own handler a moment to run before calling the exit unexpected.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await closeUpstream();
    cleanup();
    if (stopping) process.exit(exitCode);
    killOrphanedWorkers();
    console.error(`e2e/nginx/start.mjs: nginx exited unexpectedly (${signal ?? `code ${code}`})`);
    process.exit(1);
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    // nginx: SIGQUIT is a graceful shutdown, SIGTERM a fast one; the tests want it gone now.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    setTimeout(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); }, 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  if (!(await waitForPort(ports.nginxPort, 10_000))) {
    console.error(`e2e/nginx/start.mjs: nginx did not open 127.0.0.1:${ports.nginxPort} within 10 s`);
    exitCode = 1;
    stop();
    return;
  }
  if (stopping) return;
  console.log(`nginx ready on http://localhost:${ports.nginxPort} (gateway 127.0.0.1:${ports.gatewayPort}, e-resource 127.0.0.1:${ports.upstreamPort}, config ${confFile})`);
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
