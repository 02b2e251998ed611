'use client';
/**
 * The resource editor: the criteria as a form a librarian fills in, "Save",
 * and "Try these criteria" — the unsaved form judged against sample patrons
 * (and a pasted one) beside the saved criteria, before anything is stored.
 * Works without JavaScript (the server action renders the state); with it,
 * the fields keep their values and focus goes to what needs attention.
 */
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import type { LoadedForm, ResourceForm } from '@/lib/admin/resource-form';
import { editorAction } from '../actions';
import { ErrorList, FormButtons, inOrder } from '../_lib/form';
import type { EditorState } from '../_lib/types';
import { useLeaveWarning, type Draft } from './editor-parts';
import type { PickerDirectory } from './editor-pickers';
import { ReleaseSection } from './editor-release';
import { ShownSection } from './editor-shown';
import { TrySection } from './editor-try';
import { WhatSection } from './editor-what';
import { WhoSection } from './editor-who';

export interface EditorProps {
  mode: 'create' | 'edit';
  /** With the release policy: the saved one, or the default for a new resource. */
  initial: LoadedForm;
  /** Edit mode: the slug being edited and its fingerprint when loaded. */
  original?: { slug: string; fingerprint: string };
  /** A librarian's institutions (checkboxes); undefined for an admin (free text, empty = any). */
  scope?: string[];
  /**
   * The directory, named in the page's language: institutions and patron
   * types are then chosen from it (checkboxes), never typed. Undefined when
   * there is no directory (codes are typed as before).
   */
  directory?: PickerDirectory;
  /** Today in the library's zone, YYYY-MM-DD, for the "judge on" field. */
  today: string;
}

/** The order of the fields on the page: the list of problems follows it. */
const FIELD_ORDER = ['slug', 'name', 'url', 'institutions', 'patronTypes', 'requireValidMembership', 'graceDays', 'minAge', 'enabled', 'deniedMessage', 'description', 'releaseId', 'releaseSector', 'releaseAttributes', 'patron', 'day', 'form'];

export function ResourceEditor({ mode, initial, original, scope, today, directory }: EditorProps) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<EditorState, FormData>(editorAction, { status: 'idle' });
  const [values, setValues] = useState<ResourceForm>(state.form ?? initial);
  const id = useId();
  const summary = useRef<HTMLDivElement>(null);
  const trialHeading = useRef<HTMLHeadingElement>(null);
  const errors = state.errors ?? {};
  const errorList = inOrder(FIELD_ORDER, errors);

  // After a submission, focus what needs attention: the problems, or the trial's results.
  useEffect(() => {
    if (state.status === 'tried') trialHeading.current?.focus();
    else if (state.status !== 'idle') summary.current?.focus();
  }, [state]);

  // A save navigates within the page (no unload); "Try these criteria" saves nothing, so the form stays unsaved.
  useLeaveWarning(JSON.stringify(values) !== JSON.stringify(initial));

  const draft: Draft = {
    values,
    set: (key) => (value) => setValues((current) => ({ ...current, [key]: value })),
    fid: (name) => `${id}-${name}`,
    errors,
  };
  // A librarian's form posts no release fields, so a re-rendered form has none: show the saved policy.
  const release = values.release ?? initial.release;

  return (
    <form action={dispatch} noValidate className="space-y-6">
      {original ? (
        <>
          <input type="hidden" name="original" value={original.slug} />
          <input type="hidden" name="fingerprint" value={original.fingerprint} />
        </>
      ) : null}

      {state.status !== 'idle' && state.status !== 'tried' && (state.message || errorList.length > 0) ? (
        <ErrorList ref={summary} message={state.message} fields={errorList} target={draft.fid}>
          {state.status === 'conflict' && original ? (
            <p className="mt-2">
              <a href={`/admin/resources/${encodeURIComponent(original.slug)}`} className="font-semibold underline underline-offset-2">
                {t('editor.reload')}
              </a>
            </p>
          ) : null}
        </ErrorList>
      ) : null}

      <WhatSection draft={draft} mode={mode} />
      <WhoSection draft={draft} scope={scope} directory={directory} />
      <ShownSection draft={draft} />
      <ReleaseSection release={release} slug={values.slug} editable={!scope} errors={errors} fid={draft.fid} onChange={(next) => draft.set('release')(next)} />
      <TrySection mode={mode} fid={draft.fid} errors={errors} today={today} pending={pending} trial={state.status === 'tried' ? state.trial : undefined} headingRef={trialHeading} />

      <FormButtons pending={pending} submit={mode === 'create' ? t('editor.create') : t('editor.save')} intent="save" cancel={{ href: '/admin', text: t('editor.cancel') }} />
    </form>
  );
}
