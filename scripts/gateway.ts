/**
 * npm run gateway -- <command>: the gateway's administration from a shell.
 * Every command works on DATABASE_URL (default file:./data/gateway.db).
 *
 * Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.
 * Expected failures print one plain message each, never a stack trace.
 */
import { readFile } from 'node:fs/promises';
import { parseCriteriaDocument } from '../lib/access/criteria';
import { isStoreError, openStore, type Store } from '../lib/store';
import { exportConnections, importCriteria, isConnectionError, parseDocumentConnections, secretsKeyFromEnv } from '../lib/connections';
import { connectionCommand } from './commands/connection';
import { sessionsCommand } from './commands/sessions';
import { staffCommand } from './commands/staff';

interface Command {
  /** Arguments, as shown in the usage text. */
  args: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** A failure the person can act on: its message is printed as is, exit 1. */
class CliError extends Error {}

/** Opens the store for one command and closes it however the command ends. */
async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(process.env.DATABASE_URL);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new CliError(`Cannot read ${file}: ${why}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

const commands: Record<string, Command> = {
  import: {
    args: '<file.json>',
    summary: 'replace all resources with those of a criteria document (nothing changes if it is invalid)',
    async run(args) {
      const [file, ...rest] = args;
      if (!file || rest.length > 0) return usage('import takes one file.');
      const json = await readJson(file);
      const parsed = parseCriteriaDocument(json);
      const connections = parseDocumentConnections(json);
      const errors = [...(parsed.ok ? [] : parsed.errors), ...(connections?.ok === false ? connections.errors : [])];
      if (!parsed.ok || errors.length > 0) {
        for (const error of errors) process.stderr.write(`${error.path}: ${error.message}\n`);
        process.stderr.write(`${file}: ${plural(errors.length, 'problem')}; nothing was imported.\n`);
        return 1;
      }
      const list = connections?.ok ? connections.connections : undefined;
      try {
        const secretsKey = secretsKeyFromEnv();
        await withStore((store) => importCriteria(store, parsed.document, list, secretsKey === undefined ? {} : { secretsKey }));
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        throw new CliError(error.message);
      }
      const imported = plural(parsed.document.resources.length, 'resource');
      process.stdout.write(`Imported ${list ? `${imported} and ${plural(list.length, 'connection')}` : imported}.\n`);
      return 0;
    },
  },
  export: {
    args: '',
    summary: 'print the criteria document as JSON',
    async run(args) {
      if (args.length > 0) return usage('export takes no arguments.');
      // Connections are printed with every secret masked.
      const document = await withStore(async (store) => {
        const connections = await exportConnections(store);
        return { ...(await store.getDocument()), ...(connections.length > 0 ? { connections } : {}) };
      });
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      return 0;
    },
  },
  connection: connectionCommand,
  staff: staffCommand,
  sessions: sessionsCommand,
};

function usageText(): string {
  const width = Math.max(...Object.entries(commands).map(([name, c]) => `${name} ${c.args}`.trim().length));
  return [
    'Usage: npm run gateway -- <command>',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${`${name} ${c.args}`.trim().padEnd(width)}  ${c.summary}`),
    '',
    'DATABASE_URL names the database: file:<path> (SQLite, default file:./data/gateway.db) or postgres://…',
  ].join('\n');
}

function usage(problem?: string): number {
  process.stderr.write(`${problem ? `${problem}\n\n` : ''}${usageText()}\n`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usageText()}\n`);
    return 0;
  }
  if (name === undefined) return usage();
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) return usage(`Unknown command "${name}".`);
  try {
    return await command.run(args);
  } catch (error) {
    const expected = error instanceof CliError || isStoreError(error);
    if (!expected) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
