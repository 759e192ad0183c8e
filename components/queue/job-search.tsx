'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { matchingStates } from '@/lib/api/schemas';
import { useMatchingAction } from '@/lib/client/actions';
import type { MatchingAction } from '@/lib/client/actions';
import { useJobSearch } from '@/lib/client/hooks';
import {
  MAX_SCAN_LIMIT,
  emptyJobFilterForm,
  parseJobSearch,
  toMatchingBody,
  toSearchQuery,
  withJobSearch,
} from '@/lib/client/job-filter';
import type { JobFilterForm } from '@/lib/client/job-filter';
import { ErrorBox } from '@/components/ui/error-box';
import { Skeleton } from '@/components/ui/skeleton';
import { JobsTable } from '@/components/queue/jobs-table';
import { ActionStatus, plural } from '@/components/ui/action-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ControlButton, inputClass } from '@/components/ui/control-button';
import { ChoiceSelect, StackedField, TextField } from '@/components/ui/fields';
import { matchingActionRole } from '@/components/access/permissions';
import { useControls } from '@/components/access/use-controls';

/** The actions on a matching set, in the order they are offered; each also a job verb. */
const matchingActions: readonly MatchingAction[] = ['retry', 'promote', 'cancel', 'remove'];

const actionLabels: Record<MatchingAction, string> = {
  retry: 'Retry',
  promote: 'Promote',
  cancel: 'Cancel',
  remove: 'Remove',
};

/** The filter as the operator types it; searching puts it in the URL. */
function SearchForm({
  initial,
  searching,
  onSubmit,
}: {
  initial: JobFilterForm;
  searching: boolean;
  onSubmit: (form: JobFilterForm) => void;
}) {
  const [form, setForm] = useState<JobFilterForm>(initial);
  const patch = (change: Partial<JobFilterForm>) =>
    setForm((current) => ({ ...current, ...change }));
  return (
    <form
      className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(form);
      }}
    >
      <StackedField label="State">
        <ChoiceSelect
          value={form.state}
          choices={matchingStates}
          onChange={(state) => patch({ state })}
          testId="search-state"
        />
      </StackedField>
      <TextField
        label="Id, name or data contains"
        value={form.text}
        onChange={(text) => patch({ text })}
        testId="search-text"
      />
      <TextField
        label="Name is"
        value={form.name}
        onChange={(name) => patch({ name })}
        testId="search-name"
      />
      <TextField
        label="Failed reason contains"
        value={form.reason}
        onChange={(reason) => patch({ reason })}
        testId="search-reason"
      />
      <TextField
        label="Ids (comma or space separated)"
        value={form.ids}
        onChange={(ids) => patch({ ids })}
        testId="search-ids"
      />
      <TextField
        label="From"
        type="datetime-local"
        value={form.from}
        onChange={(from) => patch({ from })}
      />
      <TextField label="To" type="datetime-local" value={form.to} onChange={(to) => patch({ to })} />
      <StackedField label="Look at most at (newest first)">
        <input
          className={inputClass}
          type="number"
          min={1}
          max={MAX_SCAN_LIMIT}
          value={form.scanLimit}
          onChange={(event) =>
            patch({
              scanLimit: Math.max(1, Math.min(MAX_SCAN_LIMIT, Number(event.target.value) || 1)),
            })
          }
          data-testid="search-scan-limit"
        />
      </StackedField>
      <div className="sm:col-span-2 lg:col-span-4">
        <ControlButton
          type="submit"
          tone="primary"
          disabled={searching}
          data-testid="search-submit"
        >
          {searching ? 'Searching…' : 'Search'}
        </ControlButton>
      </div>
    </form>
  );
}

/** The search the page's URL holds, the query it sends, and how to run or leave it. */
function useSearchInUrl(source: string, queue: string) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  // The filter the results (and any action on them) belong to: the search in the URL.
  const searched = parseJobSearch(params);
  const query = searched ? toSearchQuery(searched) : null;
  const search = useJobSearch(source, queue, query);
  const submit = (form: JobFilterForm) => {
    // Searching again for the same filter: the URL does not change, so fetch again.
    if (searched !== null && JSON.stringify(toSearchQuery(form)) === JSON.stringify(query)) {
      void search.refetch();
      return;
    }
    router.replace(`${pathname}${withJobSearch(params, form)}`, { scroll: false });
  };
  // Back to the job list as it was: the page's own state and cursor, without the search.
  const clearHref = `${pathname}${withJobSearch(params, null)}`;
  return { searched, search, submit, clearHref };
}

/**
 * The search form: a bounded search of one state (by id, name or data substring, failure reason,
 * id list, time window). The server looks at no more than `scanLimit` jobs, newest first. Searching
 * puts the filter in the URL (`?search=failed&reason=SMTP…`, see job-filter.ts), so a search is a
 * shareable link; `SearchResults` shows what it found in place of the job list.
 */
export function JobSearchForm({ source, queue }: { source: string; queue: string }) {
  const controls = useControls(source);
  const { searched, search, submit } = useSearchInUrl(source, queue);
  if (controls.ready && !controls.has('search')) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="search-unsupported">
        This source cannot search its jobs.
      </p>
    );
  }
  return (
    <div data-testid="job-search">
      <SearchForm
        key={searched ? JSON.stringify(searched) : ''}
        initial={searched ?? emptyJobFilterForm()}
        searching={search.isFetching}
        onSubmit={submit}
      />
    </div>
  );
}

/** The header that stands in for the state tabs while a search is active, with the way back. */
export function SearchResultsHeader({ source, queue }: { source: string; queue: string }) {
  const { searched, clearHref } = useSearchInUrl(source, queue);
  if (!searched) return null;
  return (
    <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1">
      <h2 className="font-semibold">
        Search results <span className="font-normal text-zinc-500 dark:text-zinc-400">in {searched.state}</span>
      </h2>
      <Link
        href={clearHref}
        scroll={false}
        className="text-sm text-sky-700 hover:underline dark:text-sky-400"
        data-testid="search-clear"
      >
        Clear search
      </Link>
    </div>
  );
}

/**
 * What the search in the URL found (`SearchResultsHeader` above it clears it), and the same
 * filter as a retry / remove / promote of the matching set ("scanned N of M" says how far it looked).
 */
export function SearchResults({ source, queue }: { source: string; queue: string }) {
  const controls = useControls(source);
  const { searched, search } = useSearchInUrl(source, queue);
  const action = useMatchingAction(source, queue);
  const [asking, setAsking] = useState<MatchingAction | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  if (!searched) return null;

  const result = search.data;
  // Offered where the source declares the verb for matching sets, and its job verb applies in the
  // state searched (e.g. retry for failed, promote for delayed).
  const available = matchingActions.filter(
    (name) =>
      controls.can(`matching.${name}`, matchingActionRole[name]) &&
      controls.appliesTo(name, searched.state),
  );

  return (
    <div className="space-y-3" data-testid="search-results">
      {search.isError ? <ErrorBox error={search.error} /> : null}
      {search.isPending ? <Skeleton rows={4} label="Searching" /> : null}
      {result ? (
        <div className={search.isPlaceholderData ? 'space-y-2 opacity-60' : 'space-y-2'}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm" data-testid="search-summary">
              Scanned{' '}
              <span data-testid="search-scanned">{result.scanned.toLocaleString('en-US')}</span> of{' '}
              <span data-testid="search-total">{result.total.toLocaleString('en-US')}</span>{' '}
              {result.state} jobs ·{' '}
              <span data-testid="search-matched">{result.matched.toLocaleString('en-US')}</span>{' '}
              matched
              {result.matched > result.jobs.length ? ` (showing ${result.jobs.length})` : ''}
              {result.complete ? '' : ' · stopped at the scan limit'}
            </p>
            {result.matched > 0 ? (
              <span className="flex flex-wrap gap-2">
                {available.map((name) => (
                  <ControlButton
                    key={name}
                    tone={name === 'remove' || name === 'cancel' ? 'danger' : 'neutral'}
                    onClick={() => {
                      action.reset();
                      action.newIntent();
                      setStatus(null);
                      setAsking(name);
                    }}
                    data-testid={`search-action-${name}`}
                  >
                    {actionLabels[name]} {result.matched.toLocaleString('en-US')} matching
                  </ControlButton>
                ))}
              </span>
            ) : null}
          </div>
          <ActionStatus message={status} testId="search-action-status" />
          <JobsTable
            source={source}
            queue={queue}
            state={result.state}
            jobs={result.jobs}
            empty={<p>No {result.state} job matches this search.</p>}
          />
        </div>
      ) : null}

      <ConfirmDialog
        open={asking !== null && result !== undefined}
        title={
          asking && result
            ? `${actionLabels[asking]} ${plural(result.matched, `matching ${result.state} job`)}?`
            : ''
        }
        confirmLabel={asking ? actionLabels[asking] : ''}
        tone={asking === 'remove' ? 'danger' : 'primary'}
        pending={action.isPending}
        error={action.error}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (!asking) return;
          action.mutate(
            { action: asking, body: toMatchingBody(searched) },
            {
              onSuccess: (answer) => {
                setAsking(null);
                setStatus(
                  `${actionLabels[answer.action]}: ${plural(answer.touched, 'job')} of ${answer.matched.toLocaleString('en-US')} ` +
                    `matching (${answer.scanned.toLocaleString('en-US')} scanned)` +
                    (answer.skipped.length
                      ? `, ${answer.skipped.length} skipped: ${answer.skipped[0]!.reason}`
                      : '') +
                    '.',
                );
              },
            },
          );
        }}
      >
        <p>
          The same filter runs again on the server over the{' '}
          {searched.scanLimit.toLocaleString('en-US')} newest {searched.state} jobs; jobs that
          changed since the search are left alone.
        </p>
        {asking === 'remove' ? (
          <p>Removed jobs are deleted from Redis. This cannot be undone.</p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
