'use client';
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef } from 'react';
import { importAction } from '../actions';
import type { ImportState } from '../_lib/types';
import { hint, input, label, noticeError, noticeSuccess, primaryButton, small } from '../_lib/styles';

export function ImportForm() {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<ImportState, FormData>(importAction, { status: 'idle' });
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== 'idle') outcome.current?.focus();
  }, [state]);
  return (
    <form action={dispatch} className="mt-4 space-y-5">
      {state.status !== 'idle' ? (
        <div ref={outcome} tabIndex={-1} role={state.status === 'done' ? 'status' : 'alert'} className={state.status === 'done' ? noticeSuccess : noticeError} data-testid="import-outcome">
          <p className="font-semibold">{state.message}</p>
          {state.problems && state.problems.length > 0 ? (
            <ul className="mt-2 list-disc pl-5 text-sm">
              {state.problems.map((problem, index) => (
                <li key={`${problem.path}-${index}`}>
                  <code>{problem.path}</code>: {problem.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div>
        <label htmlFor="import-file" className={label}>
          {t('transfer.file')}
        </label>
        <span id="import-file-hint" className={hint}>
          {t('transfer.fileHint')}
        </span>
        <input id="import-file" name="file" type="file" accept="application/json,.json" aria-describedby="import-file-hint" className={`${input} file:mr-3 file:rounded file:border-0 file:bg-slate-200 file:px-3 file:py-1 dark:file:bg-slate-700`} />
      </div>
      <div>
        <label htmlFor="import-document" className={label}>
          {t('transfer.paste')}
        </label>
        <span id="import-document-hint" className={hint}>
          {t('transfer.pasteHint')}
        </span>
        <textarea id="import-document" name="document" rows={8} spellCheck={false} aria-describedby="import-document-hint" className={`${input} font-mono text-sm`} />
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={primaryButton}>
          {t('transfer.import')}
        </button>
        {pending ? (
          <span role="status" className={small}>
            {t('editor.working')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
