/**
 * npm run gateway -- sessions end <userId>
 *                    sessions end --all
 *
 * Ends sessions from a shell: every session of one patron (a stolen device),
 * or every session of everyone (leaked cookies). Running instances refuse the
 * ended cookies within about a second, when they next catch up with the
 * store. Audited with actor "cli".
 *
 * Ending every session does not change SESSION_SECRET: if it leaked, new
 * cookies could still be forged with it — rotate it as well.
 */
import { CLI_ACTOR, appendAudit } from '../../lib/store/audit';
import { endAll, endPatron } from '../../lib/store/session-ends';
import { withStore, type Command, type CommandEnv, type CommandIo } from './io';

const USAGE = [
  'Usage:',
  '  npm run gateway -- sessions end <userId>   every session of this patron (RERO+ user id)',
  '  npm run gateway -- sessions end --all      every session of every patron',
].join('\n');

/**
 * Kept as long as any session could last: the command line does not know the
 * servers' SESSION_MAX_AGE_DAYS, so the longest it may be (lib/config.ts).
 */
const KEEP_MS = 400 * 24 * 3600 * 1000;

export async function runSessions(args: string[], io: CommandIo, env: CommandEnv): Promise<number> {
  const usage = (problem: string) => {
    io.err(`${problem}\n\n${USAGE}\n`);
    return 2;
  };
  const [sub, target, ...extra] = args;
  if (sub !== 'end') return usage(sub === undefined ? 'sessions needs a subcommand.' : `Unknown sessions subcommand "${sub}".`);
  if (!target || extra.length > 0) return usage('sessions end takes one user id, or --all.');
  if (target !== '--all' && !/^\d{1,20}$/.test(target)) return usage(`"${target}" is not a RERO+ user id (digits only, e.g. 1001).`);

  return withStore(env, async (store) => {
    const now = (io.now ?? (() => new Date()))();
    const expiresAt = now.getTime() + KEEP_MS;
    if (target === '--all') {
      const end = await endAll(store.db, expiresAt);
      await appendAudit(store.db, { at: now, actor: CLI_ACTOR, action: 'sessions.end-all', target: 'all', after: { generation: end.kind === 'all' ? end.generation : null } });
      io.out('Every session of every patron has ended; running instances refuse them within seconds.\n');
      io.out('If SESSION_SECRET may have leaked, rotate it too (see README): new cookies could still be forged with it.\n');
    } else {
      const end = await endPatron(store.db, target, expiresAt);
      await appendAudit(store.db, { at: now, actor: CLI_ACTOR, action: 'sessions.end', target, after: { generation: end.kind === 'patron' ? end.generation : null } });
      io.out(`Every session of ${target} has ended; running instances refuse them within seconds.\n`);
    }
    return 0;
  });
}

/** The entry of scripts/cli.ts's command table. */
export const sessionsCommand: Command = {
  args: 'end <userId>|--all',
  summary: 'end every session of a patron, or of everyone (audited as "cli")',
  run: runSessions,
};
