/** What the connection pages share: the way back to the list under a page's title, and the choice of providers. */
import type { ReactNode } from 'react';
import { providerChoices } from '@/lib/admin/connections';
import type { admin } from '../_lib/present';
import { linkButton, muted, secondaryButton } from '../_lib/styles';

type Words = Awaited<ReturnType<typeof admin>>;

/** A button for each provider a connection can be made to, each opening that provider's form. */
export function ProviderChoices({ words: { t } }: { words: Words }) {
  return (
    <ul className="mt-4 flex flex-wrap gap-3">
      {providerChoices().map((provider) => (
        <li key={provider.id}>
          <a href={`/admin/connections/new?provider=${encodeURIComponent(provider.id)}`} className={secondaryButton}>
            {t('connections.addProvider', { provider: provider.name })}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A connection page's head: the way back to the list, the title, and what the page is for. */
export function ConnectionPageHead({ words: { t }, title, children }: { words: Words; title: string; children: ReactNode }) {
  return (
    <div>
      <p>
        <a href="/admin/connections" className={linkButton}>
          {t('connections.back')}
        </a>
      </p>
      <h1 className="mt-3 text-2xl font-bold">{title}</h1>
      <p className={`mt-2 ${muted}`}>{children}</p>
    </div>
  );
}
