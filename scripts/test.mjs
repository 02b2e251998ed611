#!/usr/bin/env node
/**
 * npm test: first what the suite needs — the programs the journeys and the
 * store's tests run (installed as root on Debian, otherwise named in the
 * command that installs them) and a PostgreSQL server (TEST_DATABASE_URL, the
 * default address, or a throwaway one for the run) — then the phases in
 * order, stopping at the first that fails. The time of each comes last.
 *
 * `npm test -- unit` (any of the phase names) runs only those phases, after
 * the setup they need.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { aptInstall, isDebian, plan, survey } from './test/programs.mjs';
import { DEFAULT_TEST_DATABASE_URL, decide, probe, redact, startThrowawayPostgres } from './test/postgres.mjs';

/**
 * Each phase runs a command of package.json (or Playwright's own), so what a
 * phase does is defined in one place. `postgres`: it needs the server.
 */
const PHASES = [
  { name: 'typecheck', command: ['npm', 'run', 'typecheck'], postgres: false },
  { name: 'build', command: ['npm', 'run', 'build:test'], postgres: false },
  { name: 'unit', command: ['npm', 'run', 'test:unit'], postgres: true },
  { name: 'journeys', command: ['npx', 'playwright', 'test'], postgres: true },
];

/** @param {string} line */
const say = (line) => console.log(`test: ${line}`);

/** @param {number} ms */
function duration(ms) {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !PHASES.some((phase) => phase.name === name));
if (unknown.length > 0) {
  console.error(`test: there is no phase ${unknown.join(', ')}; the phases are ${PHASES.map((phase) => phase.name).join(', ')}.`);
  process.exit(2);
}
const phases = wanted.length > 0 ? PHASES.filter((phase) => wanted.includes(phase.name)) : PHASES;

/** @type {import('./test/postgres.mjs').ThrowawayServer | undefined} */
let server;
/** @type {import('node:child_process').ChildProcess | undefined} */
let child;
/** @type {NodeJS.Signals | undefined} */
let interrupted;
/** @type {{ name: string, ms?: number, outcome?: string }[]} */
const report = [];

/** The phases' JSON reports (vitest.config.ts and playwright.config.ts write them when TEST_REPORT_DIR is set). */
const reportDir = mkdtempSync(join(tmpdir(), 'rero-gateway-test-report-'));

/** The ten slowest tests of the phases that ran, from their JSON reports. */
function printSlowest() {
  /** @type {{ title: string, ms: number }[]} */
  const tests = [];
  try {
    const unit = JSON.parse(readFileSync(join(reportDir, 'unit.json'), 'utf8'));
    for (const file of unit.testResults ?? []) {
      for (const test of file.assertionResults ?? []) tests.push({ title: `${relative(process.cwd(), file.name)} › ${test.fullName}`, ms: test.duration ?? 0 });
    }
  } catch {
    // the phase did not run, or wrote no report
  }
  try {
    const journeys = JSON.parse(readFileSync(join(reportDir, 'journeys.json'), 'utf8'));
    /** @param {any} suite @param {string[]} path */
    const walk = (suite, path) => {
      for (const spec of suite.specs ?? []) {
        const ms = Math.max(0, ...spec.tests.flatMap((/** @type {any} */ t) => t.results.map((/** @type {any} */ r) => r.duration ?? 0)));
        tests.push({ title: `${spec.file} › ${[...path, spec.title].join(' › ')}`, ms });
      }
      for (const child of suite.suites ?? []) walk(child, child.title && child.title !== child.file ? [...path, child.title] : path);
    };
    for (const suite of journeys.suites ?? []) walk(suite, []);
  } catch {
    // the phase did not run, or wrote no report
  }
  if (tests.length === 0) return;
  say('the slowest tests:');
  for (const { title, ms } of tests.sort((a, b) => b.ms - a.ms).slice(0, 10)) say(`  ${duration(ms).padStart(8)}  ${title}`);
}

/** Stops the throwaway server (if any), prints the phases' times (if any ran) and exits. @param {number} code */
async function finish(code) {
  await server?.stop().catch((error) => console.error(`test: stopping the throwaway PostgreSQL server: ${error.message}`));
  if (report.some((entry) => entry.name !== 'setup')) {
    const width = Math.max(...PHASES.map((phase) => phase.name.length));
    for (const phase of phases) {
      if (!report.some((entry) => entry.name === phase.name)) report.push({ name: phase.name, outcome: 'not run' });
    }
    for (const { name, ms, outcome } of report) {
      say(`${name.padEnd(width)} ${ms === undefined ? '' : duration(ms).padStart(10)}${outcome ? `  ${outcome}` : ''}`);
    }
    printSlowest();
    say(`${code === 0 ? 'passed' : 'failed'} in ${duration(performance.now())}`);
  }
  rmSync(reportDir, { recursive: true, force: true });
  process.exit(code);
}

/** Says why the run cannot go on, and ends it. @param {string} message @returns {Promise<never>} */
async function stop(message) {
  console.error(`test: ${message}`);
  await finish(1);
  throw new Error('unreachable');
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = signal;
    if (child?.pid) signalGroup(child.pid, signal);
    else void finish(128 + constants.signals[signal]);
  });
}

/** @param {number} pgid @param {NodeJS.Signals | 0} signal @returns {boolean} whether a process of the group was there */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * Waits until no process of the phase's group is left: after an interruption
 * while it stops by itself (Playwright stops its servers), otherwise after
 * telling what it left behind to stop; then kills what remains.
 * @param {number} pgid
 */
async function endGroup(pgid) {
  if (!signalGroup(pgid, 0)) return;
  if (!interrupted) signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + (interrupted ? 30_000 : 10_000);
  while (signalGroup(pgid, 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  signalGroup(pgid, 'SIGKILL');
}

/** @param {string[]} command @param {NodeJS.ProcessEnv} env @returns {Promise<number>} */
async function run([command, ...args], env) {
  // A process group of its own, which a signal reaches whole and once: `npm run`
  // hands a signal only to its shell, which dies without passing it on. Phases
  // read nothing from the terminal (a background group that did would be stopped).
  const started = spawn(/** @type {string} */ (command), args, { stdio: ['ignore', 'inherit', 'inherit'], env, detached: true });
  child = started;
  const code = await new Promise((resolve) => {
    started.once('error', (error) => {
      console.error(`test: cannot run ${command}: ${error.message}`);
      resolve(127);
    });
    started.once('exit', (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
  if (started.pid) await endGroup(started.pid);
  child = undefined;
  return code;
}

// Setup: the programs.
const findings = survey({ phases: phases.map((phase) => phase.name), env: process.env });
const facts = { isRoot: process.getuid?.() === 0, debian: isDebian() };
const first = plan({ findings, ...facts });
if (first.action === 'stop') await stop(first.message);
if (first.action === 'install') {
  const installed = aptInstall({ packages: first.packages, log: say });
  if (!installed.ok) await stop(installed.message);
  const after = plan({ findings: survey({ phases: phases.map((phase) => phase.name), env: process.env }), ...facts });
  if (after.action !== 'ready') {
    await stop(`after apt-get install ${first.packages.join(' ')}: ${after.action === 'stop' ? after.message : `${after.packages.join(', ')} still missing`}`);
  }
}
const found = findings.map((finding) => finding.program.name);

// Setup: PostgreSQL.
/** @type {string | undefined} */
let databaseUrl;
if (phases.some((phase) => phase.postgres)) {
  const configured = process.env.TEST_DATABASE_URL || undefined;
  const decision = decide({ configured, probed: await probe(configured ?? DEFAULT_TEST_DATABASE_URL) });
  if ('stop' in decision) await stop(decision.stop);
  if ('use' in decision) databaseUrl = decision.use;
  if ('start' in decision) {
    say(`PostgreSQL: ${decision.start}; starting a throwaway server for this run`);
    try {
      server = await startThrowawayPostgres({ log: say });
    } catch (error) {
      await stop(`the throwaway PostgreSQL server did not start: ${/** @type {Error} */ (error).message}`);
    }
    databaseUrl = server?.url;
    if (server) say(`PostgreSQL: ${server.version} up in ${duration(server.startedInMs)} at ${redact(server.url)}, data in ${server.dir} (removed at the end)`);
  }
}
const setupMs = performance.now();
report.push({ name: 'setup', ms: setupMs });
say(
  `setup done in ${duration(setupMs)}: ${found.length > 0 ? `${found.join(', ')} found` : 'no programs needed'}` +
    (databaseUrl ? `; PostgreSQL at ${redact(databaseUrl)}` : ''),
);

// The phases.
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
  ...(databaseUrl ? { TEST_DATABASE_URL: databaseUrl } : {}),
  TEST_REPORT_DIR: reportDir,
};
for (const phase of phases) {
  if (interrupted) break;
  say(`${phase.name}: ${phase.command.join(' ')}`);
  const began = performance.now();
  const code = await run(phase.command, env);
  const ms = performance.now() - began;
  if (interrupted) {
    report.push({ name: phase.name, ms, outcome: `interrupted (${interrupted})` });
    break;
  }
  report.push({ name: phase.name, ms, outcome: code === 0 ? undefined : `failed (exit ${code})` });
  if (code !== 0) await finish(code);
}
await finish(interrupted ? 128 + constants.signals[interrupted] : 0);
