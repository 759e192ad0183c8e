import type { ReactNode } from 'react';

/** Padding of every cell of a list table; the first column sits flush with the panel. */
export const cell = 'px-2 py-1.5 align-top';

export interface Column {
  label: string;
  align?: 'right';
  /** Left out on narrower screens; the row's cells use `hiddenBelow[...]` too. */
  hideBelow?: 'md' | 'lg';
}

/** Class of a cell (header or body) of a column left out below a width. */
export const hiddenBelow = { md: 'hidden md:table-cell', lg: 'hidden lg:table-cell' } as const;

/** A wide table that scrolls sideways on narrow screens, with one header row (audit, dead letters). */
export function ListTable({
  columns,
  label,
  testId,
  children,
}: {
  columns: readonly Column[];
  /** Names the scrolling region for screen readers. */
  label: string;
  testId: string;
  /** The <tr> rows. */
  children: ReactNode;
}) {
  return (
    // Focusable, so a keyboard can scroll it sideways when no cell holds a link (WCAG 2.1.1).
    <div
      className="overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-sky-600"
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      <table className="tabular w-full text-sm" data-testid={testId}>
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
            {columns.map((column, index) => (
              <th
                key={column.label}
                className={[
                  cell,
                  index === 0 && 'pl-0',
                  column.align === 'right' && 'text-right',
                  column.hideBelow && hiddenBelow[column.hideBelow],
                  'font-medium',
                ]
                  .filter(Boolean)
                  .join(' ')}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
