'use client';
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef, useState } from 'react';
import { addStaffAction } from '../actions';
import type { StaffState } from '../_lib/types';
import { Field } from '../_lib/form';
import { input, noticeError, noticeSuccess, primaryButton } from '../_lib/styles';

export function StaffForm() {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<StaffState, FormData>(addStaffAction, { status: 'idle' });
  const [userId, setUserId] = useState(state.values?.userId ?? '');
  const [role, setRole] = useState(state.values?.role || 'librarian');
  const [institutions, setInstitutions] = useState(state.values?.institutions ?? '');
  const outcome = useRef<HTMLDivElement>(null);
  const errors = state.errors ?? {};

  useEffect(() => {
    if (state.status === 'done') {
      setUserId('');
      setInstitutions('');
    }
    if (state.status !== 'idle') outcome.current?.focus();
  }, [state]);

  return (
    <form action={dispatch} noValidate className="mt-4 space-y-5">
      {state.status !== 'idle' && state.message ? (
        <div ref={outcome} tabIndex={-1} role={state.status === 'done' ? 'status' : 'alert'} className={state.status === 'done' ? noticeSuccess : noticeError}>
          {state.message}
        </div>
      ) : null}
      <div className="grid gap-5 md:grid-cols-3">
        <Field id="staff-userId" text={t('staff.userId')} required hint={t('staff.userIdHint')} error={errors.userId}>
          {(control) => (
            <input {...control} name="userId" inputMode="numeric" autoComplete="off" value={userId} onChange={(e) => setUserId(e.target.value)} aria-required className={`${input} font-mono`} />
          )}
        </Field>
        <Field id="staff-role" text={t('staff.role')} required hint={t('staff.roleHint')} error={errors.role}>
          {(control) => (
            <select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value)} aria-required className={input}>
              <option value="librarian">{t('staff.roles.librarian')}</option>
              <option value="admin">{t('staff.roles.admin')}</option>
            </select>
          )}
        </Field>
        {/* An admin works for every institution: the field is then neither needed nor open. */}
        <Field id="staff-institutions" text={t('staff.institutions')} required={role !== 'admin'} hint={t('staff.institutionsHint')} error={errors.institutions}>
          {(control) => (
            <input
              {...control}
              name="institutions"
              autoComplete="off"
              spellCheck={false}
              value={institutions}
              onChange={(e) => setInstitutions(e.target.value)}
              disabled={role === 'admin'}
              aria-required={role !== 'admin'}
              className={`${input} font-mono disabled:opacity-60`}
            />
          )}
        </Field>
      </div>
      <button type="submit" disabled={pending} className={primaryButton}>
        {t('staff.add')}
      </button>
    </form>
  );
}
