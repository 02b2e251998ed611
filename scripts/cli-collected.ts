/** For tests: the command line run in this process, with what it prints collected. */
import { runCli } from './cli';
import type { CommandEnv } from './commands/io';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run gateway -- …args` with `env` as its whole environment. */
export async function runCliCollected(args: string[], env: CommandEnv): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (text: string) => {
      stdout += text;
    },
    err: (text: string) => {
      stderr += text;
    },
  };
  const code = await runCli(args, io, env);
  return { code, stdout, stderr };
}
