import type { ReactNode } from 'react';

/** A page's one message: a heading, a sentence, and where to go next (`children`). */
export function MessagePanel({ id, title, message, children }: { id: string; title: string; message: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h1 id={id} className="text-2xl font-bold">
        {title}
      </h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">{message}</p>
      {children}
    </section>
  );
}
