#!/usr/bin/env node
/**
 * npm run bench: /api/verify for a signed-in patron against /api/health on the
 * same production server, 10 connections each, alternated in three rounds so
 * that whatever else the machine does weighs on both alike.
 * Prints requests/s of both, their ratio and p50/p99 latency.
 */
import autocannon from 'autocannon';
import { startGateway } from './fixtures.mjs';

const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

const ROUNDS = 3;

function load(url, headers = {}) {
  return autocannon({ url, connections: CONNECTIONS, duration: Math.max(1, Math.round(SECONDS / ROUNDS)), headers });
}

/** The rounds of one route as one result: mean requests/s, the worst round's latency percentiles, summed failures. */
function combine(results) {
  return {
    requests: { average: results.reduce((sum, r) => sum + r.requests.average, 0) / results.length },
    latency: { p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)) },
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

const gateway = await startGateway();
try {
  const cookie = await gateway.signIn('louis');
  const check = await fetch(`${gateway.appUrl}/api/verify?resource=cairn`, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`/api/verify answered ${check.status} for the bench patron`);

  // Warm up both routes (JIT, route compilation, criteria cache).
  await autocannon({ url: `${gateway.appUrl}/api/health`, connections: CONNECTIONS, duration: 3 });
  await autocannon({ url: `${gateway.appUrl}/api/verify?resource=cairn`, connections: CONNECTIONS, duration: 3, headers: { cookie } });

  const rounds = { health: [], verify: [] };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.health.push(await load(`${gateway.appUrl}/api/health`));
    rounds.verify.push(await load(`${gateway.appUrl}/api/verify?resource=cairn`, { cookie }));
  }
  const health = combine(rounds.health);
  const verify = combine(rounds.verify);
  const rows = [
    ['/api/health', health],
    ['/api/verify', verify],
  ].map(([name, r]) => ({
    route: name,
    'req/s': Math.round(r.requests.average),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  }));
  console.table(rows);
  const ratio = verify.requests.average / health.requests.average;
  console.log(`ratio verify/health: ${ratio.toFixed(2)} (target ≥ 1.0)`);
  console.log(`p99 /api/verify: ${verify.latency.p99} ms at ${CONNECTIONS} connections, ${SECONDS} s each in ${ROUNDS} alternated rounds`);
  if (verify.non2xx > 0 || verify.errors > 0) {
    console.error('/api/verify answered errors under load');
    process.exitCode = 1;
  }
} finally {
  await gateway.stop();
}
