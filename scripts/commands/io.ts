/** What a command of scripts/gateway.ts gets to talk and work with; tests pass their own. */
import { openStore, type Store } from '../../lib/store';

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Opens the store of DATABASE_URL; tests pass their own. */
  open?: () => Promise<Store>;
  now?: () => Date;
}

/** The process's standard output and error. */
export const processIo: CommandIo = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

/** Opens the store for one piece of work and closes it however the work ends. */
export async function withStore<T>(io: CommandIo, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await (io.open ?? (() => openStore(process.env.DATABASE_URL)))();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
