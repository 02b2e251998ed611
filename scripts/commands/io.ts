/** What a command of scripts/cli.ts gets to talk and work with; tests pass their own. */
import { openStore, type Store } from '../../lib/store';

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  now?: () => Date;
}

/** The variables a command reads its configuration from (DATABASE_URL, SECRETS_KEY). */
export type CommandEnv = Record<string, string | undefined>;

/** An entry of the command table of scripts/cli.ts. */
export interface Command {
  /** Arguments, as shown in the usage text. */
  args: string;
  summary: string;
  /** The exit code: 0 done, 1 failed, 2 wrong usage. */
  run(args: string[], io: CommandIo, env: CommandEnv): Promise<number>;
}

/** The process's standard output and error. */
export const processIo: CommandIo = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

/** Opens the store of the environment's DATABASE_URL for one piece of work and closes it however the work ends. */
export async function withStore<T>(env: CommandEnv, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(env.DATABASE_URL);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
