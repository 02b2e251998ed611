/**
 * npm run gateway -- <command>: the gateway's administration from a shell.
 * Every command works on DATABASE_URL (default file:./data/gateway.db).
 *
 * Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.
 * Expected failures print one plain message each, never a stack trace.
 */
import { isStoreError } from '../lib/store';
import { isConnectionError } from '../lib/connections';
import { connectionCommand } from './commands/connection';
import { exportCommand, importCommand } from './commands/criteria';
import { sessionsCommand } from './commands/sessions';
import { staffCommand } from './commands/staff';

interface Command {
  /** Arguments, as shown in the usage text. */
  args: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

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
    // Failures the person can act on (a DATABASE_URL it cannot use, a SECRETS_KEY too short): the message as is, exit 1.
    const expected = isStoreError(error) || isConnectionError(error);
    if (!expected) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
