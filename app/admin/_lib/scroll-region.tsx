import type { ReactNode } from 'react';

/**
 * A wide table's frame: on a narrow screen it scrolls sideways rather than
 * squeeze the columns, and it can be scrolled by keyboard too — focusable and
 * named after what it holds (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollRegion({ label, className = '', children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={`overflow-x-auto ${className}`} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
