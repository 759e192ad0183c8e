import type { ReactNode } from 'react';
import { WidgetBoundary } from '@/components/ui/widget-boundary';

/** A titled card holding one widget, with its own error boundary and skeleton. */
export function Panel({
  title,
  actions,
  children,
  testId,
  skeletonRows,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  skeletonRows?: number;
}) {
  return (
    <section
      data-testid={testId}
      className="min-w-0 rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h2 className="min-w-0 font-semibold break-words">{title}</h2>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </header>
      <div className="p-3">
        <WidgetBoundary skeletonRows={skeletonRows}>{children}</WidgetBoundary>
      </div>
    </section>
  );
}
