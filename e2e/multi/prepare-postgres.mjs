/**
 * A fresh PostgreSQL schema (first argument; default gw_e2e_multi) for the two-instance
 * journeys, filled with the e2e criteria of a world (second argument, default 0: e2e/world.ts).
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const schema = process.argv[2] ?? 'gw_e2e_multi';
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Not a schema name: ${schema}`);
const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
await client.connect();
// Under the gateway's migration lock (lib/store/migrations.ts MIGRATION_LOCK): a Migrator elsewhere reads every schema.
await client.query('select pg_advisory_lock(113762634393458)');
await client.query(`drop schema if exists ${schema} cascade`);
await client.query('select pg_advisory_unlock(113762634393458)');
await client.query(`create schema ${schema}`);
await client.end();
const world = process.argv[3] ?? '0';
const result = spawnSync(process.execPath, ['e2e/fixtures/world-criteria.mjs', world], { stdio: 'inherit', env: process.env });
process.exit(result.status ?? 1);
