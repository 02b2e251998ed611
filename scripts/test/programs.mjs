/**
 * The programs the test phases run besides Node: found where the tests look
 * for them; missing ones installed from Debian's packages when npm test runs
 * as root on Debian, otherwise named in the one command that installs them.
 *
 * Node built-ins only: this runs before anything else of npm test.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {Record<string, string | undefined>} Env
 * @typedef {{ path: string } | { missing: true } | { problem: string }} Location
 * @typedef {{
 *   name: string,
 *   pkg: string,
 *   usedBy: string,
 *   phases: string[],
 *   locate: (env: Env) => Location,
 *   verify?: (file: string) => string | undefined,
 * }} Program
 * @typedef {{ program: Program } & Location} Finding
 */

/** @param {string} file */
export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `name` on PATH, else in one of `extra` places (sbin folders are often not on
 * a user's PATH).
 * @param {string} name @param {Env} env @param {string[]} [extra]
 * @returns {Location}
 */
export function onPath(name, env, extra = []) {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const found = [...dirs.map((dir) => path.join(dir, name)), ...extra].find(isExecutable);
  return found ? { path: found } : { missing: true };
}

/**
 * Debian's Chromium without a display (package chromium-headless-shell, built
 * from the same sources as chromium): the journeys' browser. It renders pages
 * as Chromium does, with less than half the CPU of the full browser in
 * headless mode, which on two cores is most of a journey's time.
 */
export const HEADLESS_CHROMIUM = '/usr/bin/chromium-headless-shell';

/** @type {Program[]} */
export const PROGRAMS = [
  {
    name: 'chromium',
    pkg: 'chromium-headless-shell',
    usedBy: 'the browser journeys',
    phases: ['journeys'],
    // e2e/env.ts launches CHROMIUM_PATH, else Debian's headless Chromium.
    locate(env) {
      const file = env.CHROMIUM_PATH || HEADLESS_CHROMIUM;
      if (isExecutable(file)) return { path: file };
      if (env.CHROMIUM_PATH) return { problem: `CHROMIUM_PATH is ${file}, which is not an executable file; unset it to use Debian's ${HEADLESS_CHROMIUM}.` };
      return { missing: true };
    },
  },
  {
    name: 'nginx',
    pkg: 'nginx-light',
    usedBy: 'the auth_request journeys',
    phases: ['journeys'],
    locate: (env) => onPath('nginx', env, ['/usr/sbin/nginx']),
    // e2e/nginx/start.mjs refuses an nginx without it; every Debian flavour of nginx has it.
    verify(file) {
      const version = spawnSync(file, ['-V'], { encoding: 'utf8' });
      if (`${version.stdout}${version.stderr}`.includes('--with-http_auth_request_module')) return undefined;
      return `${file} was built without the auth_request module (--with-http_auth_request_module); Debian's nginx-light has it, put it first on PATH.`;
    },
  },
  {
    name: 'caddy',
    pkg: 'caddy',
    usedBy: 'the forward_auth journey',
    phases: ['journeys'],
    locate: (env) => onPath('caddy', env, ['/usr/bin/caddy']),
  },
  {
    name: 'openssl',
    pkg: 'openssl',
    usedBy: "the TLS journey's certificate",
    phases: ['journeys'],
    locate: (env) => onPath('openssl', env),
  },
  {
    name: 'pg_dump',
    pkg: 'postgresql-client',
    usedBy: 'the store tests that read a backup',
    phases: ['unit'],
    locate: (env) => onPath('pg_dump', env),
  },
  {
    name: 'systemd-analyze',
    pkg: 'systemd',
    usedBy: 'the check of the systemd unit (scripts/deployment.test.ts)',
    phases: ['unit'],
    locate: (env) => onPath('systemd-analyze', env),
  },
];

/**
 * Where each program the given phases need is, or that it is missing, or what
 * is wrong with the one that is there.
 * @param {{ programs?: Program[], phases: string[], env: Env }} what
 * @returns {Finding[]}
 */
export function survey({ programs = PROGRAMS, phases, env }) {
  return programs
    .filter((program) => program.phases.some((phase) => phases.includes(phase)))
    .map((program) => {
      const location = program.locate(env);
      if ('path' in location && program.verify) {
        const problem = program.verify(location.path);
        if (problem) return { program, problem };
      }
      return { program, ...location };
    });
}

/** True on Debian itself (package names differ on its derivatives). @param {string} [osRelease] */
export function isDebian(osRelease = readOsRelease()) {
  return /^ID="?debian"?$/m.test(osRelease);
}

function readOsRelease() {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** The command a user runs to install Debian's `packages`. @param {string[]} packages */
export function aptCommand(packages) {
  return `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
}

/**
 * What to do about the findings: nothing, install packages (root on Debian
 * only), or stop with a message that says what to run.
 * @param {{ findings: Finding[], isRoot: boolean, debian: boolean }} facts
 * @returns {{ action: 'ready' } | { action: 'install', packages: string[] } | { action: 'stop', message: string }}
 */
export function plan({ findings, isRoot, debian }) {
  const problems = findings.flatMap((finding) => ('problem' in finding ? [finding.problem] : []));
  if (problems.length > 0) return { action: 'stop', message: problems.join('\n') };
  const missing = findings.filter((finding) => 'missing' in finding).map((finding) => finding.program);
  if (missing.length === 0) return { action: 'ready' };
  const packages = [...new Set(missing.map((program) => program.pkg))];
  if (isRoot && debian) return { action: 'install', packages };
  const what = missing.map((program) => `${program.name} (${program.usedBy})`).join(', ');
  const how = debian
    ? `Install ${missing.length === 1 ? 'it' : 'them'} with\n  ${aptCommand(packages)}\nor run npm test as root, which installs ${missing.length === 1 ? 'it' : 'them'}.`
    : `Install ${missing.length === 1 ? 'it' : 'them'} with your system's packages (on Debian: ${aptCommand(packages)}).`;
  return { action: 'stop', message: `npm test needs ${what}, not installed here.\n${how}` };
}

/**
 * Installs Debian's `packages` with apt-get (one update first), saying so in
 * one line each; apt-get's own output is shown only when it fails.
 * @param {{ packages: string[], programs?: Program[], log: (line: string) => void }} what
 * @returns {{ ok: true } | { ok: false, message: string }}
 */
export function aptInstall({ packages, programs = PROGRAMS, log }) {
  for (const pkg of packages) {
    const users = programs.filter((program) => program.pkg === pkg);
    log(`installing Debian's ${pkg} with apt-get (${users.map((program) => `${program.name}, for ${program.usedBy}`).join('; ')})`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...packages]]) {
    const run = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) {
      const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
      return { ok: false, message: `apt-get ${args[0]} failed${run.error ? ` (${run.error.message})` : ''}:\n${output}` };
    }
  }
  return { ok: true };
}
