import { staffLabel } from '@/lib/admin/staff';

/**
 * A staff member in a list or an entry: the name of their last sign-in when
 * it is known, and the user id. As text: React escapes whatever RERO+ sent.
 */
export function StaffName({ userId, name }: { userId: string; name?: string | undefined }) {
  if (!name) {
    return (
      <span className="font-mono" data-staff-name={userId}>
        #{userId}
      </span>
    );
  }
  return (
    <span data-staff-name={userId}>
      <span className="font-semibold">{staffLabel({ userId, name })}</span> <span className="font-mono text-sm text-slate-600 dark:text-slate-400">#{userId}</span>
    </span>
  );
}
