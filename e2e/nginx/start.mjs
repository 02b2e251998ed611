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
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProgram, failer, isPortFree, portFromEnv, superviseProxy } from '../proxy/kit.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.resolve(here, '../../docs');
const fail = failer('e2e/nginx/start.mjs');
/** @param {string} name */
const port = (name) => portFromEnv(name, fail);

function ensureNginx() {
  return ensureProgram({ name: 'nginx', pkg: 'nginx-light', extra: ['/usr/sbin/nginx'], fail });
}

/** @param {string} nginx */
function checkAuthRequestModule(nginx) {
  const version = spawnSync(nginx, ['-V'], { encoding: 'utf8' });
  const text = `${version.stdout ?? ''}${version.stderr ?? ''}`;
  if (version.status !== 0) fail(`\`${nginx} -V\` failed:\n${text}`);
  if (!text.includes('--with-http_auth_request_module')) fail(`${nginx} was built without the auth_request module (--with-http_auth_request_module); Debian's nginx and nginx-light have it.`);
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

  await superviseProxy({
    name: 'nginx',
    script: 'e2e/nginx/start.mjs',
    command: nginx,
    args: ['-p', dir, '-c', confFile],
    port: ports.nginxPort,
    standIn: { port: ports.upstreamPort },
    cleanup,
    onUnexpectedExit: killOrphanedWorkers,
    ready: `nginx ready on http://localhost:${ports.nginxPort} (gateway 127.0.0.1:${ports.gatewayPort}, e-resource 127.0.0.1:${ports.upstreamPort}, config ${confFile})`,
  });
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
