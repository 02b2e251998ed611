/**
 * Faults, as tests: the database going away, an instance killed under load,
 * RERO+ down while facts are due for revalidation. Each journey starts its
 * own production servers (on ports of their own) next to the shared e2e ones.
 */
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startInstance, startSimulator } from '../bench/fixtures.mjs';
import { signInAtGateway } from '../simulators/drive.mjs';
import { startTcpProxy } from './tcp-proxy.mjs';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freshSchema(name: string) {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  // Under the gateway's migration lock (lib/store/migrations.ts MIGRATION_LOCK): a Migrator elsewhere reads every schema.
  await client.query('select pg_advisory_lock(113762634393458)');
  await client.query(`drop schema if exists ${name} cascade`);
  await client.query('select pg_advisory_unlock(113762634393458)');
  await client.query(`create schema ${name}`);
  await client.end();
}

async function query<T>(schema: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(`set search_path to ${schema}`);
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

function withSchema(url: string, schema: string) {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

// The build the shared e2e servers run (never rebuilt here: a build under running servers breaks them).

test('PostgreSQL down: readiness 503, /api/verify keeps answering from cached criteria, no decision count is lost', async () => {
  const schema = 'gw_e2e_faults_db';
  await freshSchema(schema);
  const proxy = await startTcpProxy(new URL(POSTGRES).port ? Number(new URL(POSTGRES).port) : 5432);
  const origin = 'http://localhost:3301';
  const simulator = await startSimulator([origin]);
  const databaseUrl = withSchema(POSTGRES.replace(/:(\d+)\//, `:${proxy.port}/`), schema);
  const instance = await startInstance({ port: 3301, simulator, databaseUrl });
  try {
    const cookie = await signInAtGateway(origin, { username: 'louis' });
    const verify = () => fetch(`${origin}/api/verify?resource=cairn`, { headers: { cookie } });
    expect((await verify()).status).toBe(200);
    expect((await fetch(`${origin}/api/ready`)).status).toBe(200);
    const stored = async () => (await query<{ count: number }>(schema, "select count from decision_counts where resource = 'cairn' and outcome = 'allowed'"))[0]?.count ?? 0;
    // The first decision is written before the cut: a write the cut interrupts after its commit
    // is not acknowledged, so it is written again — counts are kept at least once, not exactly once.
    await expect.poll(stored, { timeout: 20_000 }).toBe(1);

    await proxy.cut();
    await expect.poll(async () => (await fetch(`${origin}/api/ready`)).status, { timeout: 15_000 }).toBe(503);
    const during = await Promise.all(Array.from({ length: 20 }, () => verify()));
    expect(during.map((r) => r.status)).toEqual(Array(20).fill(200));

    await proxy.restore();
    await expect.poll(async () => (await fetch(`${origin}/api/ready`)).status, { timeout: 15_000 }).toBe(200);
    // 1 decision before the outage and 20 during it: all of them reach the database once it is back.
    await expect.poll(stored, { timeout: 20_000 }).toBe(21);
  } finally {
    instance.kill();
    await instance.exited;
    await proxy.close();
    await simulator.close();
  }
});

test('an instance killed under load: the other keeps serving, no patron is signed out', async () => {
  const schema = 'gw_e2e_faults_kill';
  await freshSchema(schema);
  const origin = 'http://localhost:3311';
  const simulator = await startSimulator([origin]);
  const databaseUrl = withSchema(POSTGRES, schema);
  const first = await startInstance({ port: 3311, simulator, databaseUrl });
  const second = await startInstance({ port: 3312, simulator, databaseUrl, appUrl: origin, importCriteria: false });
  try {
    const cookies = await Promise.all(['louis', 'lea', 'marie'].map((username) => signInAtGateway(origin, { username })));
    const statuses: number[] = [];
    let killed = false;
    for (let round = 0; round < 60; round++) {
      if (round === 20) {
        first.kill('SIGKILL');
        killed = true;
      }
      for (const cookie of cookies) {
        // The load balancer has taken the dead instance out: after the kill, every request goes to the second.
        const target = killed || round % 2 ? second.url : first.url;
        const response = await fetch(`${target}/api/me`, { headers: { cookie } });
        statuses.push(response.status);
      }
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await fetch(`${second.url}/api/verify?resource=cairn`, { headers: { cookie: cookies[0]! } })).status).toBe(200);
    expect((await fetch(`${second.url}/api/ready`)).status).toBe(200);
  } finally {
    first.kill('SIGKILL');
    second.kill();
    await second.exited;
    await simulator.close();
  }
});

test('RERO+ down while facts are due: access continues for one more revalidation period, then the patron is told why', async () => {
  const origin = 'http://localhost:3321';
  const simulator = await startSimulator([origin]);
  const instance = await startInstance({ port: 3321, simulator, extraEnv: { PATRON_REVALIDATE_SECONDS: '3' } });
  try {
    const cookie = await signInAtGateway(origin, { username: 'louis' });
    const signedInAt = Date.now();
    simulator.control.setFault('info', '500');
    simulator.control.setFault('token', '500');
    await new Promise((r) => setTimeout(r, 3500 - (Date.now() - signedInAt)));
    // Due for revalidation, RERO+ failing: the last good facts still hold.
    expect((await fetch(`${origin}/api/verify?resource=cairn`, { headers: { cookie } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 6500 - (Date.now() - signedInAt)));
    // More than PATRON_REVALIDATE_SECONDS past due: no access, and a page that says why.
    expect((await fetch(`${origin}/api/verify?resource=cairn`, { headers: { cookie } })).status).toBe(503);
    const page = await fetch(`${origin}/go/cairn`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(502);
    expect(await page.text()).toContain('Your membership could not be confirmed');
    simulator.control.setFault('info', 'none');
    simulator.control.setFault('token', 'none');
    expect((await fetch(`${origin}/api/verify?resource=cairn`, { headers: { cookie } })).status).toBe(200);
  } finally {
    instance.kill();
    await instance.exited;
    await simulator.close();
  }
});
