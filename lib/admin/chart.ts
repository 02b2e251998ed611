/**
 * A stacked bar chart as SVG markup, rendered on the server: no script, no
 * chart library. Accessible by construction: `role="img"` named by its
 * <title> and described by its <desc> (a sentence with the totals), which the
 * page completes with a legend and a table of the same numbers.
 *
 * Every text is escaped here; the caller passes plain strings.
 */

export interface ChartSeries {
  key: string;
  label: string;
  /** A CSS colour; the legend and the table carry the meaning too, never colour alone. */
  colour: string;
}

export interface StackedBarChartInput {
  /** Prefix of the ids of <title> and <desc>: unique within the page. */
  id: string;
  title: string;
  description: string;
  /** The bars, left to right (days). */
  categories: { key: string; label: string; shortLabel: string }[];
  /** Bottom to top within each bar. */
  series: ChartSeries[];
  value(category: string, series: string): number;
  /** Shown above the y axis, e.g. "Decisions per day". */
  axisLabel: string;
  width?: number;
  height?: number;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A step of 1, 2 or 5 × 10^k giving about `target` intervals up to `max`; ticks from 0 to at least max. */
export function niceTicks(max: number, target = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const whole = Math.max(1, Math.round(step)); // counts are whole numbers
  const ticks: number[] = [];
  for (let tick = 0; tick < max + whole; tick += whole) {
    ticks.push(tick);
    if (tick >= max) break;
  }
  return ticks;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function renderStackedBarChart(input: StackedBarChartInput): string {
  const width = input.width ?? 720;
  const height = input.height ?? 240;
  const margin = { top: 28, right: 12, bottom: 34, left: 44 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const totals = input.categories.map((c) => input.series.reduce((sum, s) => sum + Math.max(0, input.value(c.key, s.key)), 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const top = ticks[ticks.length - 1] ?? 1;
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const band = plotWidth / Math.max(1, input.categories.length);
  const barWidth = Math.max(1, band * 0.72);
  // At most about 12 labels on the x axis, always the first and the last.
  const every = Math.max(1, Math.ceil(input.categories.length / 12));
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;

  const parts: string[] = [];
  parts.push(
    // Never narrower than drawn: its text would shrink with it (at 375 px, to about 4 px). The page scrolls it instead.
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${escapeXml(titleId)} ${escapeXml(descId)}" viewBox="0 0 ${width} ${height}" width="100%" style="min-width: ${width}px" preserveAspectRatio="xMidYMid meet" font-family="system-ui, sans-serif" font-size="11">`,
    `<title id="${escapeXml(titleId)}">${escapeXml(input.title)}</title>`,
    `<desc id="${escapeXml(descId)}">${escapeXml(input.description)}</desc>`,
    `<text x="${margin.left}" y="14" fill="currentColor" font-size="11">${escapeXml(input.axisLabel)}</text>`,
  );
  for (const tick of ticks) {
    const ty = round(y(tick));
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}" stroke="currentColor" stroke-opacity="${tick === 0 ? 0.6 : 0.15}"/>`,
      `<text x="${margin.left - 6}" y="${ty + 4}" text-anchor="end" fill="currentColor">${tick}</text>`,
    );
  }
  input.categories.forEach((category, index) => {
    const x = round(margin.left + index * band + (band - barWidth) / 2);
    let base = 0;
    const segments: string[] = [];
    for (const series of input.series) {
      const value = Math.max(0, input.value(category.key, series.key));
      if (value === 0) continue;
      const y1 = y(base + value);
      const h = y(base) - y1;
      segments.push(
        `<rect x="${x}" y="${round(y1)}" width="${round(barWidth)}" height="${round(Math.max(h, 0.5))}" fill="${escapeXml(series.colour)}" stroke="#fff" stroke-width="0.5" data-series="${escapeXml(series.key)}"><title>${escapeXml(`${category.label} · ${series.label}: ${value}`)}</title></rect>`,
      );
      base += value;
    }
    if (segments.length > 0) parts.push(`<g data-category="${escapeXml(category.key)}">${segments.join('')}</g>`);
    const last = input.categories.length - 1;
    // The last label always shows; a regular one too close before it gives way.
    if (index === last || (index % every === 0 && last - index >= Math.ceil(every / 2) + (every === 1 ? 0 : 1))) {
      const cx = round(margin.left + index * band + band / 2);
      parts.push(`<text x="${cx}" y="${height - margin.bottom + 16}" text-anchor="middle" fill="currentColor">${escapeXml(category.shortLabel)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
