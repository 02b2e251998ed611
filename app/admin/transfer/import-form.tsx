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
import { hint, input, label, noticeError, noticeSuccess, noticeWarning, primaryButton, secondaryButton, small } from '../_lib/styles';
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
          {pending ? (
            <span role="status" className={small}>
              {t('editor.working')}
            </span>
          ) : null}
        </form>
      ) : null}

      {/* Re-mounted with each answer, so that the pasted document stays for another look. */}
      <form key={`${state.status}-${state.version ?? ''}`} action={dispatch} className="space-y-5">
        <input type="hidden" name="intent" value="preview" />
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
          <textarea
            id="import-document"
            name="document"
            rows={8}
            spellCheck={false}
            defaultValue={state.status === 'done' ? '' : (state.document ?? '')}
            aria-describedby="import-document-hint"
            className={`${input} font-mono text-sm`}
          />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className={waiting ? secondaryButton : primaryButton}>
            {t('transfer.preview')}
          </button>
          {pending && !waiting ? (
            <span role="status" className={small}>
              {t('editor.working')}
            </span>
          ) : null}
        </div>
      </form>
    </div>
  );
}
