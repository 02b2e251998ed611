'use client';
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef, useState } from 'react';
import { addStaffAction } from '../actions';
import type { StaffState } from '../_lib/types';
import { fieldError, hint, input, label, noticeError, noticeSuccess, primaryButton, requiredMark } from '../_lib/styles';

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

  const describe = (name: string, withHint: boolean) => [withHint ? `staff-${name}-hint` : '', errors[name] ? `staff-${name}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <form action={dispatch} noValidate className="mt-4 space-y-5">
      {state.status !== 'idle' && state.message ? (
        <div ref={outcome} tabIndex={-1} role={state.status === 'done' ? 'status' : 'alert'} className={state.status === 'done' ? noticeSuccess : noticeError}>
          {state.message}
        </div>
      ) : null}
      <div className="grid gap-5 md:grid-cols-3">
        <div>
          <label htmlFor="staff-userId" className={label}>
            {t('staff.userId')}
            <span className={requiredMark}> ({t('required')})</span>
          </label>
          <span id="staff-userId-hint" className={hint}>
            {t('staff.userIdHint')}
          </span>
          <input
            id="staff-userId"
            name="userId"
            inputMode="numeric"
            autoComplete="off"
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            aria-describedby={describe('userId', true)}
            aria-invalid={Boolean(errors.userId)}
            aria-required
            className={`${input} font-mono`}
          />
          {errors.userId ? (
            <span id="staff-userId-error" className={fieldError}>
              {errors.userId}
            </span>
          ) : null}
        </div>
        <div>
          <label htmlFor="staff-role" className={label}>
            {t('staff.role')}
            <span className={requiredMark}> ({t('required')})</span>
          </label>
          <span id="staff-role-hint" className={hint}>
            {t('staff.roleHint')}
          </span>
          <select id="staff-role" name="role" value={role} onChange={(e) => setRole(e.target.value)} aria-describedby={describe('role', true)} aria-invalid={Boolean(errors.role)} aria-required className={input}>
            <option value="librarian">{t('staff.roles.librarian')}</option>
            <option value="admin">{t('staff.roles.admin')}</option>
          </select>
          {errors.role ? (
            <span id="staff-role-error" className={fieldError}>
              {errors.role}
            </span>
          ) : null}
        </div>
        <div>
          <label htmlFor="staff-institutions" className={label}>
            {t('staff.institutions')}
            {role === 'admin' ? null : <span className={requiredMark}> ({t('required')})</span>}
          </label>
          <span id="staff-institutions-hint" className={hint}>
            {t('staff.institutionsHint')}
          </span>
          <input
            id="staff-institutions"
            name="institutions"
            autoComplete="off"
            spellCheck={false}
            value={institutions}
            onChange={(e) => setInstitutions(e.target.value)}
            disabled={role === 'admin'}
            aria-describedby={describe('institutions', true)}
            aria-invalid={Boolean(errors.institutions)}
            aria-required={role !== 'admin'}
            className={`${input} font-mono disabled:opacity-60`}
          />
          {errors.institutions ? (
            <span id="staff-institutions-error" className={fieldError}>
              {errors.institutions}
            </span>
          ) : null}
        </div>
      </div>
      <button type="submit" disabled={pending} className={primaryButton}>
        {t('staff.add')}
      </button>
    </form>
  );
}
