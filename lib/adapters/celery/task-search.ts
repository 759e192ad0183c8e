/**
 * What a route calls to search a Celery source's tasks with the task language: the typed query
 * parsed (lib/adapters/celery/task-query.ts), ANDed with the list's structured filters, normalised
 * and answered by the source's task index (`CeleryTaskIndex.search`). A query the language does not
 * accept throws `TaskQueryError` (its `details` say where and what was expected: a 400); a cursor
 * the index did not issue throws `InvalidCursorError`.
 */
import type { CeleryTaskIndex } from '@/lib/store/celery-task-index';
import type { TaskSearchPage } from '@/lib/store/celery-task-search';
import type { TaskFilters } from './task-query';
import { andQueries, parseTaskQuery, taskFiltersQuery, toTaskSearch } from './task-query';

export interface CeleryTaskSearchRequest {
  /** The typed query; '' (or only spaces) matches every task. */
  q: string;
  /** Structured filters (the task list's query parameters), all of which must hold as well. */
  filters?: TaskFilters;
  limit: number;
  cursor?: string | null;
  /** Most tasks one branch of the query checks one by one per page. */
  scanLimit: number;
  /** Rows carry `preview` (args and kwargs cut to this many bytes). */
  previewChars?: number;
  /** Epoch ms relative times (`since:1h`) count from on the first page; later pages keep the cursor's. */
  now?: number;
}

export async function searchCeleryTasks(index: CeleryTaskIndex, request: CeleryTaskSearchRequest): Promise<TaskSearchPage> {
  const query = andQueries(parseTaskQuery(request.q), request.filters ? taskFiltersQuery(request.filters) : null);
  return index.search(toTaskSearch(query), {
    limit: request.limit,
    cursor: request.cursor ?? null,
    scanLimit: request.scanLimit,
    previewChars: request.previewChars,
    now: request.now,
  });
}
