import type { ReactNode } from "react";

/**
 * The frame of a table that may be wider than the screen: it scrolls sideways on a phone, and it
 * takes the keyboard focus, so that someone without a mouse can reach it and scroll it with the
 * arrow keys (WCAG 2.1.1; axe's `scrollable-region-focusable`). A focusable region needs a name
 * for screen readers to announce: the table's heading, as `label`.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
