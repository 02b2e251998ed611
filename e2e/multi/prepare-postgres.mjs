/** A fresh PostgreSQL schema (argument; default gw_e2e_multi) for the two-instance journeys, filled with the e2e criteria. */
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const schema = process.argv[2] ?? 'gw_e2e_multi';
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Not a schema name: ${schema}`);
const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
await client.connect();
await client.query(`drop schema if exists ${schema} cascade`);
await client.query(`create schema ${schema}`);
await client.end();
const result = spawnSync('npx', ['tsx', 'scripts/gateway.ts', 'import', 'e2e/fixtures/criteria.json'], { stdio: 'inherit', env: process.env });
process.exit(result.status ?? 1);
