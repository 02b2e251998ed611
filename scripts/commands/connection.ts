/**
 * npm run gateway -- connection test <id>
 *   "Test connection" from a shell: prints the result as JSON, exits 0 when
 *   the connection works and 1 when not.
 * npm run gateway -- connection fetch <id> <path> [<path>…]
 *   GETs each path below the connection's API base, in order, with one token
 *   for all of them, and prints each status and body. Exits 0 when every
 *   answer is 2xx.
 *
 * SECRETS_KEY must be the key the connection's secrets were stored with.
 * Neither command prints a secret or a token.
 */
import { Connections, isConnectionError, secretsKeyFromEnv, type ConnectionTestResult } from '../../lib/connections';
import { openStore } from '../../lib/store';

const USAGE = ['Usage:', '  npm run gateway -- connection test <id>', '  npm run gateway -- connection fetch <id> <path> [<path>…]'].join('\n');

function usage(problem: string): number {
  process.stderr.write(`${problem}\n\n${USAGE}\n`);
  return 2;
}

async function withConnections<T>(work: (connections: Connections) => Promise<T>): Promise<T> {
  const secretsKey = secretsKeyFromEnv();
  const store = await openStore(process.env.DATABASE_URL);
  try {
    return await work(new Connections(store, secretsKey === undefined ? {} : { secretsKey }));
  } finally {
    await store.close();
  }
}

async function test(id: string): Promise<number> {
  let result: ConnectionTestResult;
  try {
    result = await withConnections((connections) => connections.test(id));
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    result = { ok: false, connection: id, checkedAt: new Date().toISOString(), durationMs: 0, summary: [error.message], warnings: [], failure: error.toJSON() };
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.ok ? 0 : 1;
}

async function fetchPaths(id: string, paths: string[]): Promise<number> {
  try {
    return await withConnections(async (connections) => {
      const client = await connections.client(id);
      let failed = false;
      for (const path of paths) {
        // One at a time, so that a refusal stops before the next call.
        const answer = await client.get(path);
        failed ||= answer.status < 200 || answer.status > 299;
        process.stdout.write(`GET ${answer.url} → ${answer.status} ${answer.statusText}\n${answer.body}${answer.body.endsWith('\n') ? '' : '\n'}\n`);
      }
      return failed ? 1 : 0;
    });
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

export const connectionCommand = {
  args: 'test <id> | fetch <id> <path>…',
  summary: 'test a provider connection (JSON; exit 0 or 1), or GET paths of its API with one token',
  async run(args: string[]): Promise<number> {
    const [action, id, ...rest] = args;
    if (action === 'test') {
      if (!id || rest.length > 0) return usage('connection test takes one connection id.');
      return test(id);
    }
    if (action === 'fetch') {
      if (!id || rest.length === 0) return usage('connection fetch takes a connection id and at least one path.');
      return fetchPaths(id, rest);
    }
    return usage(action === undefined ? 'connection needs "test" or "fetch".' : `Unknown connection action "${action}".`);
  },
};
