#!/usr/bin/env node
/**
 * npm run bench:load: 1,000 distinct signed-in patrons against /api/verify
 * for 60 s (autocannon), first on one instance, then on two instances sharing
 * PostgreSQL, each after a 15 s warm-up that is not measured. Prints throughput, p50/p99, errors, and each server's resident
 * memory over the run (first 10 s against last 10 s).
 *
 * BENCH_SECONDS shortens the runs; TEST_DATABASE_URL names the PostgreSQL server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { signInAtGateway } from '../simulators/drive.mjs';
import { ensureBuild, startInstance, startSimulator } from './fixtures.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const PATRONS = Number(process.env.BENCH_PATRONS ?? 1000);
const CONNECTIONS = 100;
const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'gw_bench_load';

/** Resident memory (kB) of every process in the server's process group. */
function rssOf(pgid) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      total += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    } catch {}
  }
  return total;
}

function sampleMemory(instances) {
  const samples = instances.map(() => []);
  const timer = setInterval(() => instances.forEach((instance, i) => samples[i].push(rssOf(instance.pid))), 1000);
  return {
    stop() {
      clearInterval(timer);
      return samples.map((s) => {
        const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
        const first = mean(s.slice(0, 10));
        const last = mean(s.slice(-10));
        return { firstMiB: first / 1024, lastMiB: last / 1024, growth: first ? (last - first) / first : 0 };
      });
    },
  };
}

async function freshSchema() {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(`drop schema if exists ${SCHEMA} cascade`);
  await client.query(`create schema ${SCHEMA}`);
  await client.end();
}

async function load(label, urls, cookies) {
  const instances = urls.length;
  const runs = urls.map((url, i) =>
    autocannon({
      url: `${url}/api/verify?resource=cairn`,
      connections: CONNECTIONS / instances,
      duration: SECONDS,
      // Each connection cycles through the patrons' cookies: every request is another session.
      requests: cookies.filter((_, j) => j % instances === i).map((cookie) => ({ method: 'GET', headers: { cookie } })),
    }),
  );
  const results = await Promise.all(runs);
  const sum = (f) => results.reduce((a, r) => a + f(r), 0);
  return {
    run: label,
    'req/s': Math.round(sum((r) => r.requests.average)),
    'p50 ms': Math.max(...results.map((r) => r.latency.p50)),
    'p99 ms': Math.max(...results.map((r) => r.latency.p99)),
    requests: sum((r) => r.requests.total),
    errors: sum((r) => r.errors + r.timeouts),
    non2xx: sum((r) => r.non2xx),
  };
}

ensureBuild();
await freshSchema();
const databaseUrl = `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${SCHEMA}`)}`;
const origin = 'http://localhost:3401';
const simulator = await startSimulator([origin]);
for (let i = 0; i < PATRONS; i++) {
  simulator.control.addPatron({
    id: 100_000 + i,
    username: `patron${i}`,
    password: 'demo',
    fullname: `Patron, Number ${i}`,
    birthdate: '1980-01-01',
    records: [{ code: i % 2 ? 'vs' : 'rbnj', pid: String(i), patronType: i % 2 ? 'vs-pm' : 'rbnj-adult', expirationDate: '2031-12-31' }],
  });
}
const first = await startInstance({ port: 3401, simulator, databaseUrl });
let second;
try {
  console.log(`Signing in ${PATRONS} patrons…`);
  const cookies = [];
  for (let i = 0; i < PATRONS; i += 20) {
    cookies.push(...(await Promise.all(Array.from({ length: Math.min(20, PATRONS - i) }, (_, j) => signInAtGateway(origin, { username: `patron${i + j}` })))));
  }
  const check = await fetch(`${origin}/api/verify?resource=cairn`, { headers: { cookie: cookies[0] } });
  if (check.status !== 200) throw new Error(`/api/verify answered ${check.status}`);

  const rows = [];
  const memory = [];
  // Warm-up, not measured: JIT, caches, heap sizing.
  await autocannon({ url: `${first.url}/api/verify?resource=cairn`, connections: CONNECTIONS, duration: 15, requests: cookies.map((cookie) => ({ method: 'GET', headers: { cookie } })) });
  let sampler = sampleMemory([first]);
  rows.push(await load('one instance', [first.url], cookies));
  memory.push(...sampler.stop().map((m) => ({ run: 'one instance', server: first.url, ...m })));

  second = await startInstance({ port: 3402, simulator, databaseUrl, appUrl: origin, importCriteria: false });
  // The new instance gets the warm-up the first had (JIT, caches, heap sizing) before memory is compared.
  await autocannon({ url: `${second.url}/api/verify?resource=cairn`, connections: CONNECTIONS / 2, duration: 15, requests: cookies.map((cookie) => ({ method: 'GET', headers: { cookie } })) });
  sampler = sampleMemory([first, second]);
  rows.push(await load('two instances', [first.url, second.url], cookies));
  memory.push(...sampler.stop().map((m, i) => ({ run: 'two instances', server: [first, second][i].url, ...m })));

  console.log(`\n${PATRONS} distinct sessions, ${CONNECTIONS} connections, ${SECONDS} s per run, PostgreSQL store`);
  console.table(rows);
  console.table(memory.map((m) => ({ run: m.run, server: m.server, 'RSS first 10 s (MiB)': m.firstMiB.toFixed(1), 'RSS last 10 s (MiB)': m.lastMiB.toFixed(1), growth: `${(m.growth * 100).toFixed(1)} %` })));
  const errors = rows.reduce((a, r) => a + r.errors + r.non2xx, 0);
  const worstGrowth = Math.max(...memory.map((m) => m.growth));
  console.log(`errors: ${errors} (target 0); worst memory growth: ${(worstGrowth * 100).toFixed(1)} % (target < 10 %)`);
  if (errors > 0) process.exitCode = 1;
} finally {
  first.kill();
  second?.kill();
  await simulator.close();
}
