/** The connection pages' server side: their context, and a test result in the request's language. */
import type { ConnectionTestResult } from '@/lib/connections';
import type { ConnectionsContext } from '@/lib/admin/connections';
import { INTL_TAGS } from '@/lib/i18n/format';
import { connections } from '@/lib/runtime';
import { adminContext } from '../_lib/guard';
import type { admin } from '../_lib/present';
import type { SigelView, TestView } from './types';

type Words = Awaited<ReturnType<typeof admin>>;

export async function connectionsContext(): Promise<ConnectionsContext> {
  const [ctx, all] = await Promise.all([adminContext(), connections()]);
  return { ...ctx, connections: all };
}

export function dateTime({ locale }: Words, timeZone: string, iso: string): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(new Date(iso));
}

/** "in 10 hours", "in 5 minutes", in the request's language. */
function fromNow({ locale }: Words, seconds: number): string {
  const format = new Intl.RelativeTimeFormat(INTL_TAGS[locale], { numeric: 'always' });
  if (seconds >= 7200) return format.format(Math.round(seconds / 3600), 'hour');
  if (seconds >= 120) return format.format(Math.round(seconds / 60), 'minute');
  return format.format(Math.max(0, Math.round(seconds)), 'second');
}

/** The failure code's plain sentence; the code itself when the messages have none. */
export function failureSentence({ t }: Words, code: string): string {
  const key = `connections.failures.${code}`;
  return t.has(key) ? t(key) : code;
}

interface Sigel {
  code: string;
  name?: string;
  level: 0 | 1 | 2;
  globalRegistrant?: boolean;
}

/** Sigels and levels, when the provider's details have them (Libris). */
function sigelsOf(details: unknown): Sigel[] | undefined {
  const list = typeof details === 'object' && details !== null ? (details as { sigels?: unknown }).sigels : undefined;
  if (!Array.isArray(list)) return undefined;
  const sigels = list.filter(
    (item): item is Sigel => typeof item === 'object' && item !== null && typeof (item as Sigel).code === 'string' && [0, 1, 2].includes((item as Sigel).level),
  );
  return sigels.length === list.length ? sigels : undefined;
}

function accountOf(details: unknown): string | undefined {
  const account = typeof details === 'object' && details !== null ? (details as { account?: unknown }).account : undefined;
  return typeof account === 'string' && account ? account : undefined;
}

export function testView(words: Words, timeZone: string, result: ConnectionTestResult, activeSigel?: string): TestView {
  const { t } = words;
  const provider = result.providerName ?? result.provider ?? result.connection;
  const sigels = sigelsOf(result.details);
  const account = accountOf(result.details);
  const sigelViews: SigelView[] | undefined = sigels?.map((sigel) => ({
    code: sigel.code,
    ...(sigel.name ? { name: sigel.name } : {}),
    level: sigel.level,
    levelText: t(`connections.test.levels.level${sigel.level}`),
    active: sigel.code === activeSigel,
    globalRegistrant: sigel.globalRegistrant === true,
  }));
  return {
    ok: result.ok,
    headline: result.ok ? t('connections.test.works', { provider }) : t('connections.test.fails'),
    checked: t('connections.test.checkedAt', { at: dateTime(words, timeZone, result.checkedAt), ms: result.durationMs }),
    ...(result.token
      ? {
          expires: t('connections.test.expires', { at: dateTime(words, timeZone, result.token.expiresAt), in: fromNow(words, result.token.expiresInSeconds) }),
          scope: result.token.scope ? t('connections.test.scope', { scope: result.token.scope }) : t('connections.test.noScope'),
        }
      : {}),
    parameters: Object.entries(result.token?.parameters ?? {}).map(([name, value]) => ({ name, value })),
    detailsTitle: t('connections.test.details', { provider }),
    ...(account ? { account: t('connections.test.account', { account }) } : {}),
    ...(sigelViews ? { sigels: sigelViews } : {}),
    // The first summary line says whether it works (the headline and failure do); the others are what the provider told.
    lines: sigelViews ? [] : result.summary.slice(1),
    warnings: result.warnings,
    ...(result.failure
      ? { failure: { code: result.failure.code, sentence: failureSentence(words, result.failure.code), detail: t('connections.test.detail', { detail: result.failure.message }) } }
      : {}),
  };
}
