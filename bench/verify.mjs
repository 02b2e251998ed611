#!/usr/bin/env node
/**
 * npm run bench: for a signed-in, allowed patron, side by side on one machine
 * and alternated in three rounds (so that whatever else the machine does
 * weighs on all alike), 10 connections each:
 *   - a bare Node `http` server answering 200 (the machine's ceiling),
 *   - /api/health and /api/verify of the production server (Next's router),
 *   - the forward-auth listener's /verify (outside Next's router).
 * Prints requests/s, p50/p99 and the ratios the gateway is held to.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { startGateway } from './fixtures.mjs';

const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = 3;

function load(url, headers = {}) {
  return autocannon({ url, connections: CONNECTIONS, duration: Math.max(1, Math.round(SECONDS / ROUNDS)), headers });
}

/** The rounds of one target as one result: mean requests/s, the worst round's latency percentiles, summed failures. */
function combine(results) {
  return {
    requests: { average: results.reduce((sum, r) => sum + r.requests.average, 0) / results.length },
    latency: { p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)) },
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

const bare = http.createServer((request, response) => response.writeHead(200, { 'cache-control': 'no-store' }).end());
await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${bare.address().port}/`;

const gateway = await startGateway();
try {
  const cookie = await gateway.signIn('louis');
  const targets = [
    { name: 'bare node http', url: bareUrl, headers: {} },
    { name: '/api/health', url: `${gateway.appUrl}/api/health`, headers: {} },
    { name: '/api/verify', url: `${gateway.appUrl}/api/verify?resource=cairn`, headers: { cookie } },
    { name: 'listener /verify', url: `${gateway.forwardAuthUrl}/verify?resource=cairn`, headers: { cookie } },
  ];
  for (const target of targets.slice(2)) {
    const check = await fetch(target.url, { headers: target.headers });
    if (check.status !== 200) throw new Error(`${target.name} answered ${check.status} for the bench patron`);
  }
  // Warm up every target (JIT, route compilation, criteria cache).
  for (const target of targets) await autocannon({ url: target.url, connections: CONNECTIONS, duration: 3, headers: target.headers });

  const rounds = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, target] of targets.entries()) rounds[index].push(await load(target.url, target.headers));
  }
  const results = Object.fromEntries(targets.map((target, index) => [target.name, combine(rounds[index])]));
  console.table(
    Object.entries(results).map(([name, r]) => ({
      target: name,
      'req/s': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
    })),
  );
  const rate = (name) => results[name].requests.average;
  console.log(`ratio /api/verify ÷ /api/health: ${(rate('/api/verify') / rate('/api/health')).toFixed(2)} (target ≥ 1.0)`);
  console.log(`ratio listener ÷ bare node http: ${(rate('listener /verify') / rate('bare node http')).toFixed(2)} (target ≥ 0.5)`);
  console.log(`p99 listener: ${results['listener /verify'].latency.p99} ms (target ≤ 10 ms); ${CONNECTIONS} connections, ${SECONDS} s per target in ${ROUNDS} alternated rounds`);
  if (Object.entries(results).some(([name, r]) => name !== 'bare node http' && (r.non2xx > 0 || r.errors > 0))) {
    console.error('the gateway answered errors under load');
    process.exitCode = 1;
  }
} finally {
  await gateway.stop();
  bare.close();
}
