'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useDeadLetterRetry } from '@/lib/client/actions';
import { formatBytes } from '@/lib/client/format';
import { useDeadLetters, useSources } from '@/lib/client/hooks';
import {
  deadLetterSearch,
  parseCursors,
  parseDeadLetterFilter,
  toDeadLetterQuery,
  toDeadLetterRetryBody,
} from '@/lib/client/job-filter';
import type { DeadLetterFilter } from '@/lib/client/job-filter';
import { jobOrTaskHref, queueHref, sourceHref } from '@/lib/client/routes';
import { DeadLetterRetry } from './dead-letter-retry';
import { PageTitle } from '@/components/ui/page-title';
import { QueryView } from '@/components/ui/query-view';
import { RelativeTime } from '@/components/ui/relative-time';
import { ActionStatus, plural } from '@/components/ui/action-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CursorPager } from '@/components/ui/cursor-pager';
import { TextField } from '@/components/ui/fields';
import { ListTable, cell } from '@/components/ui/list-table';
import type { Column } from '@/components/ui/list-table';
import { canRetryDeadLetters } from '@/components/access/permissions';
import { useMe } from '@/components/access/use-controls';
import { ControlButton } from '@/components/ui/control-button';

const deadLetterColumns: Column[] = [
  { label: 'Failed' },
  { label: 'Source' },
  { label: 'Queue' },
  { label: 'Job' },
  { label: 'Name' },
  { label: 'Attempts', align: 'right' },
  { label: 'Failed reason' },
  { label: 'Data', align: 'right' },
  { label: 'Action' },
];

function FilterForm({
  filter,
  onApply,
}: {
  filter: DeadLetterFilter;
  onApply: (filter: DeadLetterFilter) => void;
}) {
  const [draft, setDraft] = useState(filter);
  const field = (key: keyof DeadLetterFilter, label: string) => (
    <TextField
      label={label}
      value={draft[key]}
      onChange={(value) => setDraft({ ...draft, [key]: value })}
      testId={`dead-letters-${key}`}
    />
  );
  return (
    <form
      className="grid grid-cols-1 items-end gap-2 sm:grid-cols-2 lg:grid-cols-5"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      {field('source', 'Source')}
      {field('queue', 'Queue')}
      {field('name', 'Job name is')}
      {field('reason', 'Failed reason contains')}
      <div>
        <ControlButton type="submit" tone="primary" data-testid="dead-letters-apply">
          Filter
        </ControlButton>
      </div>
    </form>
  );
}

/**
 * Failed jobs across every queue of every source (BullMQ jobs, Celery tasks), newest first: the
 * dead-letter queue BullMQ and Celery lack. The filter and the page live in the URL; "Retry" retries exactly the set the filter
 * selects, after a dry run has counted it for the confirmation.
 */
export function DeadLettersView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filter = parseDeadLetterFilter(params);
  const cursors = parseCursors(params);
  const cursor = cursors.at(-1) ?? null;
  const list = useDeadLetters(toDeadLetterQuery(filter), cursor);
  const sources = useSources();
  const me = useMe();
  const retry = useDeadLetterRetry();
  const count = useDeadLetterRetry();
  const [asking, setAsking] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  // The server checks each source's read-only mode and the role again.
  const canRetry = canRetryDeadLetters(sources.data?.sources, me.data);
  const kindOf = (source: string) => sources.data?.sources.find((summary) => summary.id === source)?.kind;

  const apply = (next: DeadLetterFilter) => {
    setStatus(null);
    router.replace(`${pathname}${deadLetterSearch(next)}`, { scroll: false });
  };

  const openRetry = () => {
    retry.reset();
    retry.newIntent();
    count.reset();
    count.newIntent();
    setStatus(null);
    setAsking(true);
    count.mutate(toDeadLetterRetryBody(filter, true));
  };

  const matched = count.data?.matched;
  return (
    <>
      <PageTitle>Dead letters</PageTitle>
      <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <FilterForm key={deadLetterSearch(filter)} filter={filter} onApply={apply} />
        <ActionStatus message={status} testId="dead-letters-status" />
        <QueryView query={list} skeletonRows={8}>
          {(page) => (
            <div className={list.isPlaceholderData ? 'space-y-2 opacity-60' : 'space-y-2'}>
              <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
                <span data-testid="dead-letters-total">
                  {plural(page.total, 'failed job')}
                  {page.unavailable.length ? ` · unavailable: ${page.unavailable.join(', ')}` : ''}
                </span>
                {canRetry && page.total > 0 ? (
                  <ControlButton onClick={openRetry} data-testid="dead-letters-retry">
                    Retry the filtered set…
                  </ControlButton>
                ) : null}
              </div>
              {page.jobs.length === 0 ? (
                <p
                  className="py-4 text-sm text-zinc-500 dark:text-zinc-400"
                  data-testid="dead-letters-empty"
                >
                  {page.nextCursor
                    ? 'None of the failed jobs looked at on this page match; older ones are left to look at.'
                    : 'No failed jobs.'}
                </p>
              ) : (
                <ListTable
                  label="Failed jobs"
                  testId="dead-letters-table"
                  columns={deadLetterColumns}
                >
                  {page.jobs.map((job) => (
                    <tr
                      key={`${job.source}\u0000${job.queue}\u0000${job.id}`}
                      data-testid="dead-letter-row"
                      className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60"
                    >
                      <td className={`${cell} pl-0`}>
                        <RelativeTime at={job.finishedAt} />
                      </td>
                      <td className={cell}>
                        <Link
                          href={sourceHref(job.source)}
                          className="text-sky-700 hover:underline dark:text-sky-400"
                        >
                          {job.source}
                        </Link>
                      </td>
                      <td className={`${cell} break-all`}>
                        <Link
                          href={queueHref(job.source, job.queue, { state: 'failed' })}
                          className="text-sky-700 hover:underline dark:text-sky-400"
                        >
                          {job.queue}
                        </Link>
                      </td>
                      <td className={cell}>
                        <Link
                          href={jobOrTaskHref(kindOf(job.source), job.source, job.queue, job.id)}
                          className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                        >
                          {job.id}
                        </Link>
                      </td>
                      <td className={`${cell} max-w-48 break-all`}>{job.name}</td>
                      <td className={`${cell} text-right whitespace-nowrap`}>
                        {job.attemptsMade}
                        {job.maxAttempts !== null ? ` / ${job.maxAttempts}` : ''}
                      </td>
                      <td
                        className={`${cell} max-w-80 truncate text-red-700 dark:text-red-400`}
                        title={job.failedReason ?? undefined}
                      >
                        {job.failedReason ?? ''}
                      </td>
                      <td className={`${cell} text-right whitespace-nowrap`}>
                        {formatBytes(job.dataBytes)}
                      </td>
                      <td className={cell}>
                        <DeadLetterRetry job={job} />
                      </td>
                    </tr>
                  ))}
                </ListTable>
              )}
              <CursorPager
                cursors={cursors}
                nextCursor={page.nextCursor}
                loading={list.isPlaceholderData}
                hrefFor={(next) => `${pathname}${deadLetterSearch(filter, next)}`}
                testId="dead-letters"
              />
            </div>
          )}
        </QueryView>
      </div>
      <ConfirmDialog
        open={asking}
        title={
          matched !== undefined
            ? `Retry ${plural(matched, 'failed job')}?`
            : count.isError
              ? 'Cannot count the failed jobs to retry'
              : 'Counting the failed jobs to retry…'
        }
        confirmLabel="Retry"
        tone="primary"
        pending={retry.isPending || count.isPending}
        error={retry.error ?? count.error}
        confirmDisabled={matched === undefined || matched === 0}
        onCancel={() => setAsking(false)}
        onConfirm={() =>
          retry.mutate(toDeadLetterRetryBody(filter, false), {
            onSuccess: (answer) => {
              setAsking(false);
              setStatus(
                `Retried ${plural(answer.touched, 'job')} in ${plural(answer.queues.length, 'queue')}.`,
              );
            },
          })
        }
        testId="dead-letters-dialog"
      >
        <p>
          Failed jobs{filter.source ? ` of source ${filter.source}` : ' of every source'}
          {filter.queue ? `, queue ${filter.queue}` : ''}
          {filter.name ? `, named ${filter.name}` : ''}
          {filter.reason ? `, failing with “${filter.reason}”` : ''} go back to waiting and run
          again.
        </p>
        {count.data ? (
          <p className="text-zinc-500 dark:text-zinc-400">
            Counted among the {count.data.scanned.toLocaleString('en-US')} newest failed jobs of{' '}
            {plural(count.data.queues.length, 'queue')} (at most 10,000 per queue).
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
