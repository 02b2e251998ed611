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
import { TokenCache } from '../../lib/oauth/token-cache';
import { withStore, type Command, type CommandEnv, type CommandIo } from './io';

const USAGE = ['Usage:', '  npm run gateway -- connection test <id>', '  npm run gateway -- connection fetch <id> <path> [<path>…]'].join('\n');

function usage(problem: string, io: CommandIo): number {
  io.err(`${problem}\n\n${USAGE}\n`);
  return 2;
}

async function withConnections<T>(io: CommandIo, env: CommandEnv, work: (connections: Connections) => Promise<T>): Promise<T> {
  const secretsKey = secretsKeyFromEnv(env);
  // A token cache of its own, as a process of its own would have: a run gets its tokens anew.
  const tokens = new TokenCache();
  return withStore(env, (store) => work(new Connections(store, secretsKey === undefined ? { tokens } : { secretsKey, tokens })));
}

async function test(id: string, io: CommandIo, env: CommandEnv): Promise<number> {
  let result: ConnectionTestResult;
  try {
    result = await withConnections(io, env, (connections) => connections.test(id));
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    result = { ok: false, connection: id, checkedAt: new Date().toISOString(), durationMs: 0, summary: [error.message], warnings: [], failure: error.toJSON() };
  }
  io.out(`${JSON.stringify(result, null, 2)}\n`);
  return result.ok ? 0 : 1;
}

async function fetchPaths(id: string, paths: string[], io: CommandIo, env: CommandEnv): Promise<number> {
  try {
    return await withConnections(io, env, async (connections) => {
      const client = await connections.client(id);
      let failed = false;
      for (const path of paths) {
        // One at a time, so that a refusal stops before the next call.
        const answer = await client.get(path);
        failed ||= answer.status < 200 || answer.status > 299;
        io.out(`GET ${answer.url} → ${answer.status} ${answer.statusText}\n${answer.body}${answer.body.endsWith('\n') ? '' : '\n'}\n`);
      }
      return failed ? 1 : 0;
    });
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    io.err(`${error.message}\n`);
    return 1;
  }
}

/** The entry of scripts/cli.ts's command table. */
export const connectionCommand: Command = {
  args: 'test <id> | fetch <id> <path>…',
  summary: 'test a provider connection (JSON; exit 0 or 1), or GET paths of its API with one token',
  async run(args, io, env) {
    const [action, id, ...rest] = args;
    if (action === 'test') {
      if (!id || rest.length > 0) return usage('connection test takes one connection id.', io);
      return test(id, io, env);
    }
    if (action === 'fetch') {
      if (!id || rest.length === 0) return usage('connection fetch takes a connection id and at least one path.', io);
      return fetchPaths(id, rest, io, env);
    }
    return usage(action === undefined ? 'connection needs "test" or "fetch".' : `Unknown connection action "${action}".`, io);
  },
};
