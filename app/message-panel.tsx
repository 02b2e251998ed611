import type { ReactNode } from 'react';
import { card } from './card';

/** A page's one message: a heading, a sentence, and where to go next (`children`). */
export function MessagePanel({ id, title, message, children }: { id: string; title: string; message: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={card}>
      <h1 id={id} className="text-2xl font-bold">
        {title}
      </h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">{message}</p>
      {children}
    </section>
  );
}
