import { existsSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_TEST_DATABASE_URL, decide, probe, redact, startThrowawayPostgres } from './postgres.mjs';

/** A loopback port nobody listens on. */
function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('decide', () => {
  const down = { ok: false as const, answered: false, reason: 'connect ECONNREFUSED 127.0.0.1:5999' };
  const refuses = { ok: false as const, answered: true, reason: 'database "test" does not exist' };

  test('TEST_DATABASE_URL that answers is used', () => {
    expect(decide({ configured: 'postgres://u@db:5433/t', probed: { ok: true } })).toEqual({ use: 'postgres://u@db:5433/t' });
  });

  test('TEST_DATABASE_URL that does not answer stops the run, saying so without the password: a server that is down is not replaced', () => {
    const decision = decide({ configured: 'postgres://gw:hunter2@127.0.0.1:5999/t', probed: down });
    expect(decision).toEqual({ stop: expect.stringContaining('TEST_DATABASE_URL names postgres://gw:***@127.0.0.1:5999/t, which does not answer (connect ECONNREFUSED 127.0.0.1:5999)') });
    expect(JSON.stringify(decision)).not.toContain('hunter2');
    expect(decide({ configured: 'postgres://u@db/test', probed: refuses })).toEqual({ stop: expect.stringContaining('which refuses the tests (database "test" does not exist)') });
  });

  test('unset: the default server when it answers, else a throwaway one', () => {
    expect(decide({ configured: undefined, probed: { ok: true } })).toEqual({ use: DEFAULT_TEST_DATABASE_URL });
    expect(decide({ configured: undefined, probed: down })).toEqual({ start: `${DEFAULT_TEST_DATABASE_URL} does not answer (connect ECONNREFUSED 127.0.0.1:5999)` });
    expect(decide({ configured: undefined, probed: refuses })).toEqual({ start: expect.stringContaining('refuses the tests') });
  });
});

test('redact hides only the password', () => {
  expect(redact('postgres://postgres:s3cret@127.0.0.1:5432/test?sslmode=disable')).toBe('postgres://postgres:***@127.0.0.1:5432/test?sslmode=disable');
  expect(redact(DEFAULT_TEST_DATABASE_URL)).toBe(DEFAULT_TEST_DATABASE_URL);
});

test('probe: nothing listening is answered at once, with the reason', async () => {
  const began = Date.now();
  const probed = await probe(`postgres://postgres@127.0.0.1:${await unusedPort()}/test`);
  expect(probed).toEqual({ ok: false, answered: false, reason: expect.stringContaining('ECONNREFUSED') });
  expect(Date.now() - began).toBeLessThan(2000);
});

// One server for both: starting one costs a few seconds.
describe('a throwaway server', () => {
  let server: Awaited<ReturnType<typeof startThrowawayPostgres>>;
  beforeAll(async () => {
    server = await startThrowawayPostgres({ log: () => {} });
  }, 60_000);
  afterAll(() => server?.stop());

  test('has a database test to write in, in UTF-8', async () => {
    expect(server.url).toMatch(/^postgres:\/\/postgres:[0-9a-f]+@127\.0\.0\.1:\d+\/test$/);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query('create table t (x text)');
      await client.query("insert into t values ('é')");
      expect((await client.query('select upper(x) as x from t')).rows).toEqual([{ x: 'É' }]);
    } finally {
      await client.end();
    }
  });

  test('probe tells a server that refuses from one that is not there', async () => {
    expect(await probe(server.url)).toEqual({ ok: true });
    expect(await probe(server.url.replace(/:[0-9a-f]+@/, ':wrong@'))).toEqual({ ok: false, answered: true, reason: expect.stringContaining('password authentication failed') });
    expect(await probe(server.url.replace(/\/test$/, '/nothing'))).toEqual({ ok: false, answered: true, reason: 'database "nothing" does not exist' });
  });

  test('stop() stops it and removes its folder', async () => {
    expect(existsSync(server.dir)).toBe(true);
    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
    expect(await probe(server.url, 1000)).toMatchObject({ ok: false, answered: false });
  });
});
