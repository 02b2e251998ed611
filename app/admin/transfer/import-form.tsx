'use client';
/**
 * The import of the criteria document in two steps: "Show the changes"
 * computes the difference and writes nothing; "Import these changes" sends
 * the document back with the version it was previewed against, and the
 * server imports only if nothing changed meanwhile. Works without JavaScript.
 */
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef } from 'react';
import { importAction } from '../actions';
import type { ImportState } from '../_lib/types';
import { Field, Working } from '../_lib/form';
import { input, noticeError, noticeSuccess, noticeWarning, primaryButton, secondaryButton } from '../_lib/styles';
import { Difference } from './difference';

export function ImportForm() {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<ImportState, FormData>(importAction, { status: 'idle' });
  const outcome = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.status === 'preview') heading.current?.focus();
    else if (state.status !== 'idle') outcome.current?.focus();
  }, [state]);
  const waiting = (state.status === 'preview' || state.status === 'conflict') && state.document !== undefined && state.version !== undefined;
  return (
    <div className="mt-4 space-y-6">
      {state.status !== 'idle' && state.status !== 'preview' ? (
        <div
          ref={outcome}
          tabIndex={-1}
          role={state.status === 'done' ? 'status' : 'alert'}
          className={state.status === 'done' ? noticeSuccess : state.status === 'conflict' ? noticeWarning : noticeError}
          data-testid="import-outcome"
        >
          <p className="font-semibold">{state.message}</p>
          {state.problems && state.problems.length > 0 ? (
            <ul className="mt-2 list-disc pl-5 text-sm [overflow-wrap:anywhere]">
              {state.problems.map((problem, index) => (
                <li key={`${problem.path}-${index}`}>
                  <code>{problem.path}</code>: {problem.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {state.preview ? <Difference preview={state.preview} applied={state.status === 'done'} headingRef={heading} /> : null}

      {waiting ? (
        <form action={dispatch} className="flex flex-wrap items-center gap-3" data-testid="import-confirm">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="document" value={state.document} />
          <input type="hidden" name="version" value={state.version} />
          <button type="submit" disabled={pending} className={primaryButton}>
            {t('transfer.confirm')}
          </button>
          <a href="/admin/transfer" className={secondaryButton}>
            {t('transfer.cancel')}
          </a>
          <Working when={pending} />
        </form>
      ) : null}

      {/* Re-mounted with each answer, so that the pasted document stays for another look. */}
      <form key={`${state.status}-${state.version ?? ''}`} action={dispatch} className="space-y-5">
        <input type="hidden" name="intent" value="preview" />
        <Field id="import-file" text={t('transfer.file')} hint={t('transfer.fileHint')}>
          {({ id, 'aria-describedby': described }) => (
            <input id={id} name="file" type="file" accept="application/json,.json" aria-describedby={described} className={`${input} file:mr-3 file:rounded file:border-0 file:bg-slate-200 file:px-3 file:py-1 dark:file:bg-slate-700`} />
          )}
        </Field>
        <Field id="import-document" text={t('transfer.paste')} hint={t('transfer.pasteHint')}>
          {({ id, 'aria-describedby': described }) => (
            <textarea id={id} name="document" rows={8} spellCheck={false} defaultValue={state.status === 'done' ? '' : (state.document ?? '')} aria-describedby={described} className={`${input} font-mono text-sm`} />
          )}
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className={waiting ? secondaryButton : primaryButton}>
            {t('transfer.preview')}
          </button>
          <Working when={pending && !waiting} />
        </div>
      </form>
    </div>
  );
}
