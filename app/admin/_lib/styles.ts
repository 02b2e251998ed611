/** The admin area's Tailwind classes: the look of app/page.tsx (cards, accent buttons), shared by server and client components. */
export { card } from '../../card';
export const muted = 'text-slate-700 dark:text-slate-300';
export const small = 'text-sm text-slate-600 dark:text-slate-400';
export const primaryButton =
  'inline-block rounded-lg bg-[var(--color-accent)] px-5 py-2.5 font-semibold text-[var(--color-accent-contrast)] hover:opacity-90 disabled:opacity-60';
export const secondaryButton =
  'inline-block rounded-lg border border-slate-400 px-4 py-2 font-semibold hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800 disabled:opacity-60';
export const dangerButton =
  'inline-block rounded-lg border border-red-700 bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 dark:border-red-400 dark:bg-red-500 dark:text-slate-950';
export const linkButton = 'font-semibold text-[var(--color-accent)] underline underline-offset-4 hover:no-underline';
export const input =
  'mt-1 block w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-slate-900 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100 aria-[invalid=true]:border-red-700 dark:aria-[invalid=true]:border-red-400';
export const label = 'block font-semibold';
/** "(required)" after a label: every field says whether it must be filled in, not by colour alone. */
export const requiredMark = 'font-normal text-slate-600 dark:text-slate-400';
export const hint = 'mt-1 block text-sm text-slate-600 dark:text-slate-400';
export const fieldError = 'mt-1 block text-sm font-semibold text-red-700 dark:text-red-400';
export const table = 'w-full border-collapse text-left text-sm';
export const th = 'border-b border-slate-300 px-2 py-2 font-semibold dark:border-slate-700';
export const td = 'border-b border-slate-200 px-2 py-2 align-top dark:border-slate-800';
export const badgeAllowed = 'inline-block rounded-full bg-green-100 px-2.5 py-0.5 text-sm font-semibold text-green-900 dark:bg-green-900 dark:text-green-100';
export const badgeDenied = 'inline-block rounded-full bg-red-100 px-2.5 py-0.5 text-sm font-semibold text-red-900 dark:bg-red-900 dark:text-red-100';
export const badgeNeutral = 'inline-block rounded-full bg-slate-100 px-2.5 py-0.5 text-sm font-semibold text-slate-800 dark:bg-slate-800 dark:text-slate-200';
/** A neutral badge whose text may wrap (a sentence, not a word): it stays inside its card on a narrow screen. */
export const badgeNeutralText = 'inline-block max-w-full rounded-lg bg-slate-100 px-2.5 py-0.5 text-sm font-semibold text-slate-800 dark:bg-slate-800 dark:text-slate-200';
export const noticeSuccess = 'rounded-lg border border-green-700 bg-green-50 p-4 text-green-950 dark:border-green-400 dark:bg-green-950 dark:text-green-50';
export const noticeError = 'rounded-lg border border-red-700 bg-red-50 p-4 text-red-950 dark:border-red-400 dark:bg-red-950 dark:text-red-50';
export const noticeWarning = 'rounded-lg border border-amber-700 bg-amber-50 p-3 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-50';
/**
 * A table that becomes a list of blocks below 640 px (WCAG 1.4.10 reflow: nothing scrolls sideways
 * at 320 CSS px): the head is read by screen readers only, each row is a block, and each cell says
 * which column it is from its `data-label`.
 */
export const stackedTable = 'w-full border-collapse text-left text-sm max-sm:block';
export const stackedHead = 'max-sm:sr-only';
export const stackedBody = 'max-sm:block';
export const stackedRow = 'max-sm:block max-sm:border-b max-sm:border-slate-200 max-sm:py-3 dark:max-sm:border-slate-800';
export const stackedCell = `${td} max-sm:block max-sm:border-0 max-sm:px-0 max-sm:py-1 max-sm:before:block max-sm:before:text-xs max-sm:before:font-semibold max-sm:before:text-slate-600 max-sm:before:content-[attr(data-label)] dark:max-sm:before:text-slate-400`;
