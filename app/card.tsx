import type { ReactNode } from 'react';

/** The panel every page is made of. */
export const card = 'rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900';

/** A panel with its heading, named by it (a landmark a screen reader lists by that name). */
export function Card({ id, title, children }: { id: string; title: ReactNode; children?: ReactNode }) {
  return (
    <section aria-labelledby={id} className={card}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
