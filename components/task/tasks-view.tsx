'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { JobState } from '@/lib/api/schemas';
import { useTasks } from '@/lib/client/hooks';
import { overviewHref, sourceHref } from '@/lib/client/routes';
import { hasTextFilters, parseTaskCursors, parseTaskFilter, taskSearch, toTasksQuery } from '@/lib/client/task-filter';
import type { TaskFilter } from '@/lib/client/task-filter';
import type { TasksResponse } from '@/lib/api/schemas';
import { plural } from '@/components/ui/action-status';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { CursorPager } from '@/components/ui/cursor-pager';
import { FilterChips } from '@/components/ui/filter-chips';
import { PageTitle } from '@/components/ui/page-title';
import { QueryView } from '@/components/ui/query-view';
import { TasksFilterForm } from './tasks-filter-form';
import { TasksTable } from './tasks-table';
import { TaskSourceLinks } from './task-source-links';

/** The chips, in the order an operator looks: what broke, what runs, what waits, what is done. */
const chipStates: JobState[] = ['failed', 'active', 'waiting', 'delayed', 'completed', 'cancelled'];

/** What the page looked at: exact counts from the index, or what a bounded scan got through. */
function summary(page: TasksResponse, filter: TaskFilter): string {
  if (page.scanned === 0 && page.complete) return plural(page.total, 'task');
  const found = `${plural(page.tasks.length, 'match', 'matches')} among ${page.scanned.toLocaleString('en-US')} tasks looked at`;
  if (!page.complete) return `${found} on this page; older tasks are left to look at (Older →)`;
  return hasTextFilters(filter) ? `${found}` : plural(page.total, 'task');
}

/**
 * Every task of a Celery source, newest first: state chips and filters in the URL, cursor pages,
 * kept fresh by the live feed (a queue's counts moving refetches the page shown, live-apply.ts).
 */
export function TasksView({ source }: { source: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filter = parseTaskFilter(params);
  const cursors = parseTaskCursors(params);
  const list = useTasks(source, toTasksQuery(filter, cursors.at(-1) ?? null));
  const apply = (next: TaskFilter) => router.replace(`${pathname}${taskSearch(next)}`, { scroll: false });
  const current = filter.states.length === 0 ? 'all' : filter.states.length === 1 ? filter.states[0]! : 'several';
  const chips = [
    { key: 'all', label: 'All', href: `${pathname}${taskSearch({ ...filter, states: [] })}` },
    ...chipStates.map((state) => ({ key: state, label: state, href: `${pathname}${taskSearch({ ...filter, states: [state] })}` })),
  ];
  return (
    <>
      <Breadcrumbs items={[{ label: 'Overview', href: overviewHref() }, { label: source, href: sourceHref(source) }, { label: 'Tasks' }]} />
      <PageTitle aside={<TaskSourceLinks source={source} current="tasks" />}>Tasks</PageTitle>
      <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <FilterChips chips={chips} current={current} label="Task state" testId="tasks-states" />
        {/* Keyed by the URL's filter: Back/Forward and the chips reset what the form shows. */}
        <TasksFilterForm key={taskSearch(filter)} filter={filter} onApply={apply} />
        <QueryView query={list} skeletonRows={8}>
          {(page) => (
            <div className={list.isPlaceholderData ? 'space-y-2 opacity-60' : 'space-y-2'}>
              <p className="text-sm" data-testid="tasks-summary">
                {summary(page, filter)}
              </p>
              {page.tasks.length === 0 ? (
                <p className="py-4 text-sm text-zinc-500 dark:text-zinc-400" data-testid="tasks-empty">
                  {page.nextCursor
                    ? 'None of the tasks looked at on this page match; older ones are left to look at.'
                    : filter.states.length > 0 || hasTextFilters(filter)
                      ? 'No tasks match these filters.'
                      : 'No tasks seen yet. Tasks appear here as workers report them (task events, -E).'}
                </p>
              ) : (
                <TasksTable source={source} tasks={page.tasks} />
              )}
              <CursorPager
                cursors={cursors}
                nextCursor={page.nextCursor}
                loading={list.isPlaceholderData}
                hrefFor={(next) => `${pathname}${taskSearch(filter, next)}`}
                testId="tasks"
              />
            </div>
          )}
        </QueryView>
      </div>
    </>
  );
}
