/**
 * npm run gateway -- <command>: the gateway's administration from a shell.
 * Every command works on DATABASE_URL (default file:./data/gateway.db).
 *
 * Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.
 * Expected failures print one plain message each, never a stack trace.
 * The commands and their usage are in scripts/cli.ts.
 */
import { runCli } from './cli';

process.exitCode = await runCli(process.argv.slice(2));
