/**
 * npm run gateway -- import [--dry-run] <file.json>
 *                    export
 *
 * The criteria document from a shell, through the same importer as
 * /admin/transfer (lib/admin/import.ts). Whoever runs the command line is
 * trusted as an admin; every import is audited with actor "cli".
 *
 * `import --dry-run` prints the difference the document would make and
 * changes nothing (exit 0; 1 for an invalid document). A plain `import` asks
 * nothing — scripts use it — and prints the difference it applied.
 */
import { readFile } from 'node:fs/promises';
import { documentFor } from '../../lib/admin/actions';
import { CLI_IMPORTER, describeChanges, plural, previewImport, problemLines, runImport, type ImportContext, type ImportPlan } from '../../lib/admin/import';
import { secretsKeyFromEnv } from '../../lib/connections';
import type { Failure } from '../../lib/admin/actions';
import { withStore, type Command, type CommandEnv, type CommandIo } from './io';

const IMPORT_USAGE = [
  'Usage:',
  '  npm run gateway -- import <file.json>             import the document and print the difference it made',
  '  npm run gateway -- import --dry-run <file.json>   print the difference it would make; change nothing',
].join('\n');

/** A file that cannot be read, or is not JSON: one line, exit 1. */
async function readText(file: string, io: CommandIo): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    io.err(`Cannot read ${file}: ${why}.\n`);
    return undefined;
  }
  try {
    JSON.parse(text);
  } catch (error) {
    io.err(`${file} is not valid JSON: ${(error as Error).message}\n`);
    return undefined;
  }
  return text;
}

export async function runImportCommand(args: string[], io: CommandIo, env: CommandEnv): Promise<number> {
  const dryRun = args.includes('--dry-run');
  const files = args.filter((arg) => arg !== '--dry-run');
  const [file, ...rest] = files;
  if (!file || rest.length > 0 || file.startsWith('--') || args.filter((arg) => arg === '--dry-run').length > 1) {
    io.err(`import takes one file, and --dry-run to only see the difference.\n\n${IMPORT_USAGE}\n`);
    return 2;
  }
  const text = await readText(file, io);
  if (text === undefined) return 1;
  let secretsKey: string | undefined;
  try {
    secretsKey = secretsKeyFromEnv(env);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 1;
  }
  const now = io.now ?? (() => new Date());
  return withStore(env, async (store) => {
    const ctx: ImportContext = { store, now: now(), timeZone: 'UTC', ...(secretsKey === undefined ? {} : { secretsKey }) };
    const result = dryRun ? await previewImport(CLI_IMPORTER, text, ctx) : await runImport(CLI_IMPORTER, text, ctx);
    if (!result.ok) return refused(result, file, io);
    if (result.plan.unreadable) {
      io.out('The stored criteria could not be read, so the import replaces them whole:\n');
      for (const problem of result.plan.unreadable) io.out(`  ${problem.path}: ${problem.message}\n`);
    }
    for (const line of describeChanges(result.plan.changes)) io.out(`${line}\n`);
    if (dryRun) io.out(`Dry run: nothing was changed. ${file} would import ${described(result.plan)}.\n`);
    else if ('written' in result && !result.written) io.out('Nothing was changed: the store already holds this document.\n');
    else io.out(`Imported ${described(result.plan)}.\n`);
    return 0;
  });
}

/** "3 resources", "1 resource and 6 connections", "2 resources, the directory and 1 connection". */
function described(plan: ImportPlan): string {
  const parts = [
    plural(plan.count, 'resource', 'resources'),
    ...(plan.directory ? ['the directory'] : []),
    ...(plan.connections === undefined ? [] : [plural(plan.connections, 'connection', 'connections')]),
  ];
  return parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

function refused(failure: Failure, file: string, io: CommandIo): number {
  const lines = problemLines(failure);
  for (const line of lines) io.err(`${line}\n`);
  const what = failure.code === 'conflict' ? 'the criteria changed while importing; try again' : plural(lines.length, 'problem', 'problems');
  io.err(`${file}: ${what}; nothing was imported.\n`);
  return 1;
}

export async function runExportCommand(args: string[], io: CommandIo, env: CommandEnv): Promise<number> {
  if (args.length > 0) {
    io.err('export takes no arguments.\n');
    return 2;
  }
  // Connections are printed with every secret masked.
  const document = await withStore(env, (store) => documentFor(CLI_IMPORTER.staff, store));
  io.out(`${JSON.stringify(document, null, 2)}\n`);
  return 0;
}

/** The entries of scripts/cli.ts's command table. */
export const importCommand: Command = {
  args: '[--dry-run] <file.json>',
  summary: 'import a criteria document and print the difference it made (audited as "cli"); --dry-run: only print it',
  run: runImportCommand,
};

export const exportCommand: Command = {
  args: '',
  summary: 'print the criteria document as JSON (connections with their secrets masked)',
  run: runExportCommand,
};
