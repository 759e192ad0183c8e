import type { ReactNode } from 'react';

/** Padding of every cell of a list table; the first column sits flush with the panel. */
export const cell = 'px-2 py-1.5 align-top';

export interface Column {
  label: string;
  align?: 'right';
}

/** A wide table that scrolls sideways on narrow screens, with one header row (audit, dead letters). */
export function ListTable({
  columns,
  testId,
  children,
}: {
  columns: readonly Column[];
  testId: string;
  /** The <tr> rows. */
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="tabular w-full text-sm" data-testid={testId}>
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
            {columns.map((column, index) => (
              <th
                key={column.label}
                className={[
                  cell,
                  index === 0 && 'pl-0',
                  column.align === 'right' && 'text-right',
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
