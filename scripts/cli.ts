/**
 * The gateway's command line (scripts/gateway.ts): the command table, the
 * usage text, and the exit code of a run. Every command works on the
 * DATABASE_URL of `env` (default file:./data/gateway.db).
 *
 * Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.
 * Expected failures print one plain message each, never a stack trace;
 * anything else is thrown.
 */
import { isStoreError } from '../lib/store';
import { isConnectionError } from '../lib/connections';
import { connectionCommand } from './commands/connection';
import { exportCommand, importCommand } from './commands/criteria';
import { processIo, type Command, type CommandEnv, type CommandIo } from './commands/io';
import { sessionsCommand } from './commands/sessions';
import { staffCommand } from './commands/staff';

const commands: Record<string, Command> = {
  import: importCommand,
  export: exportCommand,
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

/** Runs the command named by `argv[0]` with the rest of `argv`; resolves to its exit code. */
export async function runCli(argv: string[], io: CommandIo = processIo, env: CommandEnv = process.env): Promise<number> {
  const usage = (problem?: string) => {
    io.err(`${problem ? `${problem}\n\n` : ''}${usageText()}\n`);
    return 2;
  };
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(`${usageText()}\n`);
    return 0;
  }
  if (name === undefined) return usage();
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) return usage(`Unknown command "${name}".`);
  try {
    return await command.run(args, io, env);
  } catch (error) {
    // Failures the person can act on (a DATABASE_URL it cannot use, a SECRETS_KEY too short): the message as is, exit 1.
    const expected = isStoreError(error) || isConnectionError(error);
    if (!expected) throw error;
    io.err(`${error.message}\n`);
    return 1;
  }
}
