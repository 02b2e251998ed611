/** Results of lib/admin as words, in the request's language, for the admin pages and their client components. */
import { getLocale, getTranslations } from 'next-intl/server';
import { institutionName, nameIn, type Decision, type Directory } from '@/lib/access';
import type { Failure } from '@/lib/admin/actions';
import { fieldWords, readPath } from '@/lib/admin/audit-diff';
import type { FieldErrors } from '@/lib/admin/resource-form';
import type { DraftRow } from '@/lib/admin/try-patron';
import { formatDay, formatList } from '@/lib/i18n/format';
import { describeReason } from '@/lib/i18n/reasons';
import { LOCALE_NAMES, LOCALES, type Locale } from '@/lib/i18n/locales';
import type { PatronFacts } from '@/lib/patron';
import type { PlannedHeader } from '@/lib/release/headers';
import type { ImportChanges, ImportPlan } from '@/lib/admin/import';
import type { ImportPreviewView, ImportSectionView, PatronView, ReleasedView, TrialView, VerdictView } from './types';

export async function admin() {
  const t = await getTranslations('admin');
  const locale = (await getLocale()) as Locale;
  return { t, locale, day: (value: string) => formatDay(value, locale) };
}

type Words = Awaited<ReturnType<typeof admin>>;

export function fieldErrors({ t }: Words, errors: FieldErrors | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors ?? {})) {
    if (error) out[field] = t(`errors.${error.key}` as 'errors.invalid', (error.values ?? {}) as Record<string, string>);
  }
  return out;
}

/** The verdict as the patron would read it: reasons name what `directory` names. */
export function verdict({ t, locale }: Words, decision: Decision, directory?: Directory): VerdictView {
  if (decision.allowed) {
    const { code, patronType } = decision.record;
    return { allowed: true, lines: [patronType ? t('verdict.allowedVia', { institution: code, patronType }) : t('verdict.allowedAt', { institution: code })] };
  }
  return { allowed: false, lines: decision.reasons.map((reason) => describeReason(reason, { locale, directory })) };
}

/** "x-patron-id" → "X-Patron-Id", as the headers are usually written. */
function headerName(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);
}

/** What a resource would receive; a pseudonym is described, never shown (it is not even computed). */
export function releasedView({ t }: Words, planned: readonly PlannedHeader[]): ReleasedView[] {
  return planned.map((entry) =>
    entry.source === 'pairwise'
      ? { header: headerName(entry.header), value: t('release.value.pairwise'), described: true }
      : { header: headerName(entry.header), value: entry.value, described: false },
  );
}

export function patronView({ day }: Words, facts: PatronFacts): PatronView {
  return {
    userId: facts.userId,
    ...(facts.name ? { name: facts.name } : {}),
    ...(facts.birthDate ? { birth: day(facts.birthDate) } : {}),
    memberships: facts.records.map((r) => ({
      code: r.code,
      ...(r.patronType ? { patronType: r.patronType } : {}),
      ...(r.expirationDate ? { until: day(r.expirationDate) } : {}),
    })),
  };
}

function factsLine({ t, day }: Words, facts: PatronFacts): string {
  const parts: string[] = [];
  parts.push(facts.birthDate ? t('facts.born', { date: day(facts.birthDate) }) : t('facts.noBirthDate'));
  if (facts.records.length === 0) parts.push(t('facts.noRecord'));
  for (const r of facts.records) {
    parts.push(
      [r.code, r.patronType ?? t('facts.noType'), r.expirationDate ? t('facts.until', { date: day(r.expirationDate) }) : t('facts.noExpiry')].join(' · '),
    );
  }
  return parts.join('; ');
}

/** A sample's values for its sentence, dates written as the pages write them. */
function sampleValues({ day }: Words, values: Record<string, string | number> | undefined): Record<string, string | number> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, key === 'date' && typeof value === 'string' ? day(value) : value]));
}

export function trialView(words: Words, trial: { day: string; compared: boolean; shutOut: string[]; rows: DraftRow[] }, directory?: Directory): TrialView {
  const { t, locale } = words;
  return {
    day: words.day(trial.day),
    compared: trial.compared,
    ...(trial.shutOut.length > 0
      ? { shutOut: t('editor.trialShutOut', { institutions: formatList(trial.shutOut.map((code) => institutionName(directory, code, locale)), locale) }) }
      : {}),
    rows: trial.rows.map((row) => ({
      id: row.id,
      label: row.key ? t(`samples.${row.key}` as 'samples.typical', sampleValues(words, row.values)) : t('samples.pasted', { userId: row.facts.userId }),
      facts: factsLine(words, row.facts),
      draft: verdict(words, row.draft, directory),
      ...(row.saved ? { saved: verdict(words, row.saved, directory) } : {}),
      change: row.change,
    })),
  };
}

/** One sentence for a refusal that stays on the page (conflict, scope). */
export function failureMessage({ t }: Words, failure: Failure): string {
  switch (failure.code) {
    case 'conflict':
      return t('notices.conflict');
    case 'out-of-scope':
      return t('notices.outOfScope');
    case 'not-found':
      return t('notices.notFound');
    case 'self':
      return t('notices.self');
    case 'invalid':
      return t('notices.invalid');
    default:
      return t('notices.forbidden');
  }
}

/** An audit entry's changed path in words ("“cairn”: Minimum age"); the path itself for a field no message names. */
export function changedField({ t }: Words, action: string, path: string): { words: string; named: boolean } {
  const { resource, entry, field } = readPath(path);
  const found = fieldWords(action, field);
  const has = (key: string) => t.has(key as 'list.title');
  const named = found !== undefined && has(found.key) && (found.of === undefined || has(found.of));
  const name = named && found ? t(found.key as 'list.title', found.of ? { name: t(found.of as 'list.title') } : {}) : field;
  if (entry) return { words: t(entry.kind === 'institution' ? 'audit.fields.inInstitution' : 'audit.fields.inPatronType', { code: entry.code, field: name }), named };
  return { words: resource ? t('audit.fields.inResource', { resource, field: name }) : name, named };
}

const SECTIONS = ['resources', 'institutions', 'patronTypes', 'connections'] as const;

/** The difference an import makes, for the transfer page: directory entries named in the page's language. */
export function importView({ locale }: Words, plan: ImportPlan): ImportPreviewView {
  const section = (id: (typeof SECTIONS)[number]): ImportSectionView => {
    const entries = (plan.changes as ImportChanges)[id];
    return {
      id,
      added: entries.filter((e) => e.kind === 'added').length,
      changed: entries.filter((e) => e.kind === 'changed').length,
      removed: entries.filter((e) => e.kind === 'removed').length,
      entries: entries.map((entry) => {
        const name = entry.name ?? (entry.names ? nameIn(entry.names, locale, entry.key) : entry.key);
        return {
          kind: entry.kind,
          key: entry.key,
          ...(name !== entry.key ? { name } : {}),
          fields: entry.kind === 'changed' ? entry.fields.map((f) => ({ path: f.path, ...(f.before === undefined ? {} : { before: f.before }), ...(f.after === undefined ? {} : { after: f.after }) })) : [],
        };
      }),
    };
  };
  return { sections: SECTIONS.map(section).filter((s) => s.entries.length > 0), keepsDirectory: !plan.directory, keepsConnections: plan.connections === undefined };
}

/** The languages a directory name may be written in: the gateway's own, then any other the entry already has. */
export function nameLanguages(names: Record<string, string> = {}): { tag: string; label: string }[] {
  const own = LOCALES.map((tag) => ({ tag, label: `${LOCALE_NAMES[tag]} (${tag})` }));
  const others = Object.keys(names)
    .filter((tag) => !(LOCALES as readonly string[]).includes(tag))
    .sort()
    .map((tag) => ({ tag, label: tag }));
  return [...own, ...others];
}

/** A URL path segment back to the code it carries (codes may hold characters a path escapes). */
export function codeParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The directory for the resource editor's pickers, named in the page's language. */
export function pickerDirectory({ locale }: Words, directory: Directory | undefined): { institutions: { code: string; name: string }[]; patronTypes: { code: string; name: string; institution: string }[] } | undefined {
  if (!directory) return undefined;
  return {
    institutions: directory.institutions.map((i) => ({ code: i.code, name: nameIn(i.names, locale, i.code) })),
    patronTypes: directory.patronTypes.map((p) => ({ code: p.code, name: nameIn(p.names, locale, p.code), institution: p.institution })),
  };
}
