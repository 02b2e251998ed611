'use client';
/**
 * "Try these criteria": how the unsaved form judges the sample patrons (and
 * a pasted one), beside the saved criteria when there are some, with what
 * each change opens or closes.
 */
import { useTranslations } from 'next-intl';
import { ScrollRegion } from '../_lib/scroll-region';
import type { TrialView, VerdictView } from '../_lib/types';
import { badgeAllowed, badgeDenied, badgeNeutral, muted, noticeWarning, small, table, td, th } from '../_lib/styles';

function Verdict({ verdict }: { verdict: VerdictView }) {
  const t = useTranslations('admin');
  return (
    <div>
      <span className={verdict.allowed ? badgeAllowed : badgeDenied}>{verdict.allowed ? t('verdict.allowed') : t('verdict.refused')}</span>
      <ul className="mt-1 space-y-0.5">
        {verdict.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

export function Trial({ trial }: { trial: TrialView }) {
  const t = useTranslations('admin');
  const opened = trial.rows.filter((row) => row.change === 'opened').length;
  const closed = trial.rows.filter((row) => row.change === 'closed').length;
  return (
    <div className="mt-4">
      <p className={muted} role="status">
        {trial.compared ? t('editor.trialSummaryCompared', { day: trial.day, opened, closed, count: trial.rows.length }) : t('editor.trialSummary', { day: trial.day, count: trial.rows.length })}
      </p>
      {trial.shutOut ? (
        <p className={`mt-3 ${noticeWarning}`} data-testid="trial-shut-out">
          {trial.shutOut}
        </p>
      ) : null}
      <ScrollRegion label={t('editor.trialCaption')} className="mt-3">
        <table className={`${table} min-w-[40rem]`} data-testid="trial">
          <caption className="sr-only">{t('editor.trialCaption')}</caption>
          <thead>
            <tr>
              <th scope="col" className={th}>
                {t('editor.trialPatron')}
              </th>
              {trial.compared ? (
                <th scope="col" className={th}>
                  {t('editor.trialSaved')}
                </th>
              ) : null}
              <th scope="col" className={th}>
                {t('editor.trialDraft')}
              </th>
              {trial.compared ? (
                <th scope="col" className={th}>
                  {t('editor.trialChange')}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {trial.rows.map((row) => (
              <tr key={row.id} data-sample={row.id} data-change={row.change}>
                <th scope="row" className={`${td} font-normal`}>
                  <span className="font-semibold">{row.label}</span>
                  <span className={`block ${small}`}>{row.facts}</span>
                </th>
                {trial.compared ? <td className={td}>{row.saved ? <Verdict verdict={row.saved} /> : null}</td> : null}
                <td className={td}>
                  <Verdict verdict={row.draft} />
                </td>
                {trial.compared ? (
                  <td className={td}>
                    {row.change === 'opened' ? (
                      <span className={`${badgeAllowed} whitespace-nowrap`}>{t('editor.changeOpened')}</span>
                    ) : row.change === 'closed' ? (
                      <span className={`${badgeDenied} whitespace-nowrap`}>{t('editor.changeClosed')}</span>
                    ) : (
                      <span className={`${badgeNeutral} whitespace-nowrap`}>{t('editor.changeSame')}</span>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
