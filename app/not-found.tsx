import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations();
  return (
    <section aria-labelledby="missing" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h1 id="missing" className="text-2xl font-bold">
        {t('notFound.title')}
      </h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">{t('notFound.message')}</p>
      <a href="/" className="mt-6 inline-block rounded-lg bg-[var(--color-accent)] px-5 py-2.5 font-semibold text-[var(--color-accent-contrast)] underline-offset-4 hover:underline">
        {t('actions.goHome')}
      </a>
    </section>
  );
}
