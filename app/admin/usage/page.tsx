import { readUsage } from '@/lib/admin/actions';
import { renderStackedBarChart, type ChartSeries } from '@/lib/admin/chart';
import { OUTCOMES, usageByResource } from '@/lib/admin/usage';
import { INTL_TAGS } from '@/lib/i18n/format';
import { refusePage, requireStaff } from '../_lib/guard';
import { admin } from '../_lib/present';
import { card, fieldError, input, label, linkButton, muted, noticeError, primaryButton, small, table, td, th } from '../_lib/styles';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies); the legend and table carry the meaning too. */
const COLOURS: Record<string, string> = {
  allowed: '#009E73',
  institution: '#E69F00',
  'patron-type': '#56B4E9',
  'membership-expired': '#D55E00',
  age: '#CC79A7',
  'missing-data': '#7F7F7F',
  'not-a-patron': '#0072B2',
  disabled: '#3B3B3B',
};
const OTHER_COLOUR = '#F0E442';

/** Usage: allowed and refused-by-reason per resource per day, as server-rendered SVG charts with their numbers as tables. */
export default async function Usage({ searchParams }: { searchParams: Search }) {
  const { identity, ctx } = await requireStaff();
  const words = await admin();
  const { t, locale } = words;
  const search = await searchParams;
  const from = one(search.from);
  const to = one(search.to);
  const result = await readUsage(identity, { ...(from ? { from } : {}), ...(to ? { to } : {}) }, ctx);
  if (!result.ok && result.code !== 'invalid') return refusePage(result);
  const invalid = !result.ok ? result.errors ?? {} : {};
  const range = result.ok ? result.range : undefined;

  const short = new Intl.DateTimeFormat(INTL_TAGS[locale], { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const dayShort = (day: string) => short.format(new Date(`${day}T00:00:00Z`));
  const outcomeLabel = (outcome: string) => ((OUTCOMES as readonly string[]).includes(outcome) ? t(`outcomes.${outcome}`) : outcome);
  const usage = result.ok && range ? usageByResource(result.rows, range.days, result.order) : [];
  const csv = range ? `/admin/usage.csv?from=${range.from}&to=${range.to}` : undefined;

  return (
    <div className="space-y-6">
      <section aria-labelledby="usage" className={card}>
        <h1 id="usage" className="text-2xl font-bold">
          {t('usage.title')}
        </h1>
        <p className={`mt-2 ${muted}`}>{t('usage.intro')}</p>
        <form method="get" action="/admin/usage" noValidate className="mt-4 flex flex-wrap items-end gap-4">
          {(['from', 'to'] as const).map((field) => (
            <div key={field}>
              <label htmlFor={`usage-${field}`} className={label}>
                {t(`usage.${field}`)}
              </label>
              <input
                id={`usage-${field}`}
                name={field}
                type="date"
                defaultValue={(field === 'from' ? range?.from : range?.to) ?? (field === 'from' ? from : to) ?? ''}
                aria-invalid={Boolean(invalid[field])}
                aria-describedby={invalid[field] ? `usage-${field}-error` : undefined}
                className={input}
              />
              {invalid[field] ? (
                <span id={`usage-${field}-error`} className={fieldError}>
                  {t(`errors.${invalid[field]?.key ?? 'dateInvalid'}`, { max: 366 })}
                </span>
              ) : null}
            </div>
          ))}
          <button type="submit" className={primaryButton}>
            {t('usage.show')}
          </button>
          {csv ? (
            <a href={csv} download className={linkButton}>
              {t('usage.csv')}
            </a>
          ) : null}
        </form>
      </section>

      {!result.ok ? (
        <p role="alert" className={noticeError}>
          {t('usage.fixRange')}
        </p>
      ) : usage.length === 0 ? (
        <p className={`${card} ${muted}`}>{t('usage.none', { from: words.day(result.range.from), to: words.day(result.range.to) })}</p>
      ) : (
        usage.map((resource) => {
          const name = result.names[resource.slug] ?? t('usage.deleted', { slug: resource.slug });
          const series: ChartSeries[] = resource.outcomes.map((outcome) => ({ key: outcome, label: outcomeLabel(outcome), colour: COLOURS[outcome] ?? OTHER_COLOUR }));
          const allowed = resource.totals.get('allowed') ?? 0;
          const refusedParts = resource.outcomes
            .filter((o) => o !== 'allowed')
            .map((o) => `${(OUTCOMES as readonly string[]).includes(o) ? t(`outcomesShort.${o}`) : o} ${resource.totals.get(o) ?? 0}`);
          const description = t('usage.description', {
            name,
            from: words.day(result.range.from),
            to: words.day(result.range.to),
            allowed,
            refused: resource.total - allowed,
            reasons: refusedParts.length > 0 ? refusedParts.join(', ') : t('usage.noRefusals'),
          });
          const svg = renderStackedBarChart({
            id: `chart-${resource.slug}`,
            title: t('usage.chartTitle', { name }),
            description,
            categories: result.range.days.map((day) => ({ key: day, label: words.day(day), shortLabel: dayShort(day) })),
            series,
            value: (day, outcome) => resource.byDay.get(day)?.get(outcome) ?? 0,
            axisLabel: t('usage.axis'),
          });
          const headingId = `usage-${resource.slug}`;
          return (
            <section key={resource.slug} aria-labelledby={headingId} className={card} data-usage={resource.slug}>
              <h2 id={headingId} className="text-lg font-semibold">
                {name} <code className={`font-normal ${small}`}>{resource.slug}</code>
              </h2>
              <p className={`mt-1 ${muted}`}>{description}</p>
              <figure className="mt-4">
                {/* Markup built by lib/admin/chart.ts, every text escaped there. On a narrow screen it scrolls
                    sideways rather than shrink its labels; focusable, so it scrolls by keyboard too (WCAG 2.1.1). */}
                <div
                  className="overflow-x-auto text-slate-800 dark:text-slate-200"
                  tabIndex={0}
                  role="region"
                  aria-label={t('usage.chartTitle', { name })}
                  dangerouslySetInnerHTML={{ __html: svg }}
                />
                <figcaption className="mt-2">
                  <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={t('usage.legend')}>
                    {series.map((s) => (
                      <li key={s.key} className="inline-flex items-center gap-1.5">
                        <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm" style={{ background: s.colour }} />
                        {s.label}
                      </li>
                    ))}
                  </ul>
                </figcaption>
              </figure>
              <details className="mt-4">
                <summary className="cursor-pointer font-semibold">{t('usage.tableToggle', { name })}</summary>
                {/* Scrolls on its own: focusable, so it scrolls by keyboard too (WCAG 2.1.1). */}
                <div className="mt-2 max-h-96 overflow-auto" tabIndex={0} role="region" aria-label={t('usage.tableCaption', { name })}>
                  <table className={table}>
                    <caption className="sr-only">{t('usage.tableCaption', { name })}</caption>
                    <thead>
                      <tr>
                        <th scope="col" className={th}>
                          {t('usage.day')}
                        </th>
                        {series.map((s) => (
                          <th key={s.key} scope="col" className={`${th} text-right`}>
                            {s.label}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {result.range.days.map((day) => (
                        <tr key={day}>
                          <th scope="row" className={`${td} font-normal`}>
                            {words.day(day)}
                          </th>
                          {series.map((s) => (
                            <td key={s.key} className={`${td} text-right tabular-nums`}>
                              {resource.byDay.get(day)?.get(s.key) ?? 0}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row" className={th}>
                          {t('usage.total')}
                        </th>
                        {series.map((s) => (
                          <td key={s.key} className={`${th} text-right tabular-nums`}>
                            {resource.totals.get(s.key) ?? 0}
                          </td>
                        ))}
                      </tr>
                    </tfoot>
                  </table>
                </div>
              </details>
            </section>
          );
        })
      )}
    </div>
  );
}
