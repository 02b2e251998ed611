import { getTranslations } from 'next-intl/server';

/** 403 of the admin area (forbidden() in app/admin): signed in, but not allowed there. */
export default async function Forbidden() {
  const t = await getTranslations('admin.forbidden');
  return (
    <section aria-labelledby="forbidden" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h1 id="forbidden" className="text-2xl font-bold">
        {t('title')}
      </h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">{t('message')}</p>
      <a href="/" className="mt-6 inline-block font-semibold underline underline-offset-4">
        {t('home')}
      </a>
    </section>
  );
}
