import { getTranslations } from 'next-intl/server';
import { MessagePanel } from './message-panel';

export default async function NotFound() {
  const t = await getTranslations();
  return (
    <MessagePanel id="missing" title={t('notFound.title')} message={t('notFound.message')}>
      <a href="/" className="mt-6 inline-block rounded-lg bg-[var(--color-accent)] px-5 py-2.5 font-semibold text-[var(--color-accent-contrast)] underline-offset-4 hover:underline">
        {t('actions.goHome')}
      </a>
    </MessagePanel>
  );
}
