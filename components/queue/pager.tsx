import Link from 'next/link';
import { nextPageView, pageNumber, previousPageView, queueHref } from '@/lib/client/routes';
import type { QueueView } from '@/lib/client/routes';

const buttonClass =
  'rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';
const disabledClass = 'rounded-md border border-zinc-200 px-3 py-1 text-sm text-zinc-400 dark:border-zinc-800 dark:text-zinc-600';

/** Previous / next by cursor; the cursor stack lives in the URL so a shared link keeps its place. */
export function Pager({
  source,
  queue,
  view,
  shown,
  total,
  nextCursor,
}: {
  source: string;
  queue: string;
  view: QueueView;
  shown: number;
  total: number;
  nextCursor: string | null;
}) {
  const page = pageNumber(view);
  const first = (page - 1) * view.limit + 1;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 pt-3 text-sm" data-testid="pager">
      <span className="text-zinc-500 dark:text-zinc-400" data-testid="page-info">
        Page <span data-testid="page-number">{page}</span>
        {shown > 0 ? ` · ${first.toLocaleString('en-US')}–${(first + shown - 1).toLocaleString('en-US')}` : ''} of{' '}
        <span data-testid="page-total">{total.toLocaleString('en-US')}</span>
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link href={queueHref(source, queue, previousPageView(view))} className={buttonClass} data-testid="page-prev" scroll={false}>
            ← Previous
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true" data-testid="page-prev">
            ← Previous
          </span>
        )}
        {nextCursor ? (
          <Link
            href={queueHref(source, queue, nextPageView(view, nextCursor))}
            className={buttonClass}
            data-testid="page-next"
            scroll={false}
          >
            Next →
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true" data-testid="page-next">
            Next →
          </span>
        )}
      </span>
    </div>
  );
}
