/**
 * npm run gateway -- staff add <userId> admin|librarian [institution…]
 *                    staff list
 *                    staff remove <userId>
 *
 * Who may use /admin, from a shell (for example to name the first admin
 * without ADMIN_USER_IDS). Whoever runs the command line is trusted as an
 * admin; every change is recorded in the audit trail with actor "cli".
 */
import { CLI_ACTOR } from '../../lib/store/audit';
import { listStaff } from '../../lib/store/staff';
import { readStaffInput, removeStaff, setStaff } from '../../lib/admin/staff';
import { withStore, type Command, type CommandEnv, type CommandIo } from './io';

const USAGE = [
  'Usage:',
  '  npm run gateway -- staff add <userId> admin',
  '  npm run gateway -- staff add <userId> librarian <institution> [institution…]',
  '  npm run gateway -- staff list',
  '  npm run gateway -- staff remove <userId>',
  '',
  '<userId> is the RERO+ user id (digits). A librarian manages only the resources',
  'whose criteria name only their institutions; an admin manages everything.',
].join('\n');

const PROBLEMS: Record<string, string> = {
  userId: 'The user id must be the RERO+ user id, digits only (e.g. 1001)',
  role: 'The role must be admin or librarian',
  codes: 'Institution codes may contain only letters, digits, "-", "_" and "."',
  librarianInstitutions: 'A librarian needs at least one institution code',
  adminInstitutions: 'Admins are not limited to institutions; give none',
};

function describe(member: { userId: string; role: string; institutions: string[] }): string {
  return member.role === 'admin' ? `${member.userId}  admin` : `${member.userId}  librarian  ${member.institutions.join(' ')}`;
}

export async function runStaff(args: string[], io: CommandIo, env: CommandEnv): Promise<number> {
  const [sub, ...rest] = args;
  const usage = (problem: string) => {
    io.err(`${problem}\n\n${USAGE}\n`);
    return 2;
  };
  const now = io.now ?? (() => new Date());

  switch (sub) {
    case 'add': {
      const [userId, role, ...institutions] = rest;
      if (!userId || !role) return usage('staff add takes a user id and a role.');
      const read = readStaffInput({ userId, role, institutions });
      if (!read.ok) {
        for (const error of Object.values(read.errors)) if (error) io.err(`${PROBLEMS[error.key] ?? error.key}.\n`);
        return 2;
      }
      const { before, after, changed } = await withStore(env, (store) => setStaff(store.db, CLI_ACTOR, read.member, now()));
      if (!changed) io.out(`${describe(after)} already; nothing was changed.\n`);
      else io.out(before ? `Changed ${describe(before)} → ${describe(after)}.\n` : `Added ${describe(after)}.\n`);
      return 0;
    }
    case 'list': {
      if (rest.length > 0) return usage('staff list takes no arguments.');
      const members = await withStore(env, (store) => listStaff(store.db));
      if (members.length === 0) io.out('No staff yet. Add one with: npm run gateway -- staff add <userId> admin\n');
      // The name they had at their last sign-in, when they have signed in since they were added.
      for (const member of members) io.out(`${describe(member)}${member.name ? `  (${member.name})` : ''}\n`);
      return 0;
    }
    case 'remove': {
      const [userId, ...extra] = rest;
      if (!userId || extra.length > 0) return usage('staff remove takes one user id.');
      const removed = await withStore(env, (store) => removeStaff(store.db, CLI_ACTOR, userId, now()));
      if (!removed) {
        io.err(`${userId} is not staff; nothing was changed.\n`);
        return 1;
      }
      io.out(`Removed ${describe(removed)}.\n`);
      return 0;
    }
    default:
      return usage(sub === undefined ? 'staff needs a subcommand.' : `Unknown staff subcommand "${sub}".`);
  }
}

/** The entry of scripts/cli.ts's command table. */
export const staffCommand: Command = {
  args: 'add|list|remove …',
  summary: 'who may use /admin: staff add <userId> admin|librarian [institution…], staff list, staff remove <userId> (audited as "cli")',
  run: runStaff,
};
