'use client';
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef, useState } from 'react';
import { tryPatronAction } from '../actions';
import type { TryState } from '../_lib/types';
import { Field, Working } from '../_lib/form';
import { badgeAllowed, badgeDenied, card, input, linkButton, muted, primaryButton, small, table, td, th } from '../_lib/styles';
import { ScrollRegion } from '../_lib/scroll-region';

export function TryPatronForm({ today, initialText, examples }: { today: string; initialText: string; examples: { kind: string; label: string }[] }) {
  const t = useTranslations('admin');
  const [state, dispatch, pending] = useActionState<TryState, FormData>(tryPatronAction, { status: 'idle' });
  const [text, setText] = useState(state.text ?? initialText);
  const [day, setDay] = useState(state.dayInput || today);
  const results = useRef<HTMLHeadingElement>(null);
  const patronField = useRef<HTMLTextAreaElement>(null);
  const errors = state.errors ?? {};

  useEffect(() => {
    if (state.status === 'done') results.current?.focus();
    if (state.status === 'invalid') patronField.current?.focus();
  }, [state]);

  const refused = state.verdicts?.filter((v) => !v.verdict.allowed).length ?? 0;
  const allowed = (state.verdicts?.length ?? 0) - refused;

  return (
    <div className="space-y-6">
      <form action={dispatch} noValidate className={card}>
        <div className="grid gap-5 md:grid-cols-3">
          <Field
            id="try-patron"
            text={t('fields.patron')}
            hint={t('hints.patron')}
            error={errors.patron}
            className="md:col-span-2"
            after={
              <p className={`mt-2 ${small}`}>
                {t('try.examplesLabel')}{' '}
                {examples.map((example, index) => (
                  <span key={example.kind}>
                    {index > 0 ? ' · ' : null}
                    <a href={`/admin/try?example=${example.kind}`} className={linkButton}>
                      {example.label}
                    </a>
                  </span>
                ))}
              </p>
            }
          >
            {(control) => <textarea {...control} ref={patronField} name="patron" rows={12} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} className={`${input} font-mono text-sm`} />}
          </Field>
          <Field id="try-day" text={t('fields.day')} hint={t('hints.day')} error={errors.day}>
            {(control) => <input {...control} name="day" type="date" value={day} onChange={(e) => setDay(e.target.value)} className={input} />}
          </Field>
        </div>
        <div className="mt-5 flex items-center gap-3">
          <button type="submit" disabled={pending} className={primaryButton}>
            {t('try.submit')}
          </button>
          <Working when={pending} />
        </div>
      </form>

      {state.status === 'done' && state.patron && state.verdicts ? (
        <section aria-labelledby="try-results" className={card} data-testid="try-results">
          <h2 id="try-results" ref={results} tabIndex={-1} className="text-lg font-semibold">
            {t('try.resultsTitle', { userId: state.patron.userId })}
          </h2>
          <p className={`mt-2 ${muted}`} role="status">
            {t('try.resultsSummary', { day: state.day ?? '', allowed, refused })}
          </p>
          <h3 className="mt-4 font-semibold">{t('try.readAs')}</h3>
          <ul className={`mt-1 text-sm ${muted}`}>
            <li>{state.patron.birth ? t('facts.born', { date: state.patron.birth }) : t('facts.noBirthDate')}</li>
            {state.patron.memberships.length === 0 ? <li>{t('facts.noRecord')}</li> : null}
            {state.patron.memberships.map((m) => (
              <li key={m.code} data-membership={m.code}>
                <code>{m.code}</code> · {m.patronType ?? t('facts.noType')} · {m.until ? t('facts.until', { date: m.until }) : t('facts.noExpiry')}
              </li>
            ))}
          </ul>
          {state.verdicts.length === 0 ? (
            <p className={`mt-4 ${muted}`}>{t('list.empty')}</p>
          ) : (
            <ScrollRegion label={t('try.caption')} className="mt-4">
              <table className={`${table} min-w-[36rem]`}>
                <caption className="sr-only">{t('try.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className={th}>
                      {t('try.resource')}
                    </th>
                    <th scope="col" className={th}>
                      {t('try.answer')}
                    </th>
                    <th scope="col" className={th}>
                      {t('try.why')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {state.verdicts.map((v) => (
                    <tr key={v.slug} data-resource={v.slug}>
                      <th scope="row" className={`${td} font-semibold`}>
                        {v.name}
                        <span className={`block font-normal ${small}`}>
                          <code>{v.slug}</code>
                          {v.enabled ? null : ` · ${t('list.disabled')}`}
                        </span>
                      </th>
                      <td className={td}>
                        <span className={v.verdict.allowed ? badgeAllowed : badgeDenied}>{v.verdict.allowed ? t('verdict.allowed') : t('verdict.refused')}</span>
                      </td>
                      <td className={td}>
                        <ul className="space-y-1">
                          {v.verdict.lines.map((line) => (
                            <li key={line}>{line}</li>
                          ))}
                        </ul>
                        {!v.verdict.allowed && v.deniedMessage ? (
                          <p className={`mt-1 ${small}`}>{t('try.deniedMessage', { message: v.deniedMessage })}</p>
                        ) : null}
                        {v.released ? (
                          <div className="mt-2" data-testid="released">
                            <p className={`font-semibold ${small}`}>{t('try.receives')}</p>
                            {v.released.length === 0 ? (
                              <p className={small}>{t('try.receivesNothing')}</p>
                            ) : (
                              <ul className={small}>
                                {v.released.map((h) => (
                                  <li key={h.header} data-header={h.header.toLowerCase()}>
                                    <code>{h.header}</code>: {h.described ? <em>{h.value}</em> : <code>{h.value}</code>}
                                  </li>
                                ))}
                              </ul>
                            )}
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </section>
      ) : null}
    </div>
  );
}
