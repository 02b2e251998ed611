'use client';

import { useId, useState } from 'react';

/** Lower case, accents off: "Médiathèque" is found by "mediatheque". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/**
 * A search box over a long list of resources (the home page, with more than
 * twelve): hides the items whose `data-filter-text` does not contain what is
 * typed. Without JavaScript the box is not shown and the whole list stays.
 */
export function ResourceFilter({ list, label, none }: { list: string; label: string; none: string }) {
  const id = useId();
  const [empty, setEmpty] = useState(false);

  function filter(query: string) {
    const wanted = fold(query.trim());
    let shown = 0;
    document.querySelectorAll<HTMLElement>(`#${CSS.escape(list)} > [data-filter-text]`).forEach((item) => {
      const match = wanted === '' || fold(item.dataset.filterText ?? '').includes(wanted);
      item.hidden = !match;
      if (match) shown += 1;
    });
    setEmpty(shown === 0);
  }

  return (
    <div className="mt-3">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        onChange={(event) => filter(event.target.value)}
        aria-controls={list}
        className="mt-1 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 dark:border-slate-500 dark:bg-slate-950"
        data-resource-filter
      />
      <p role="status" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        {empty ? none : ''}
      </p>
    </div>
  );
}
