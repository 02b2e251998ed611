import { getTranslations } from 'next-intl/server';
import { MessagePanel } from './message-panel';

/** 403 of the admin area (forbidden() in app/admin): signed in, but not allowed there. */
export default async function Forbidden() {
  const t = await getTranslations('admin.forbidden');
  return (
    <MessagePanel id="forbidden" title={t('title')} message={t('message')}>
      <a href="/" className="mt-6 inline-block font-semibold underline underline-offset-4">
        {t('home')}
      </a>
    </MessagePanel>
  );
}
