/**
 * Wire contract of the source-wide task list (capability `tasks`: Celery's task index). Pure module:
 * safe in the browser bundle.
 *
 *   GET /sources/{source}/tasks?state=&name=&worker=&queue=&since=&until=&text=&scan=&cursor=&limit=
 *                                                                          → TasksResponse
 *
 * `state` is one state or several joined by commas (`failed,cancelled`); `since`/`until` bound the
 * time each task entered its state, as epoch ms or ISO 8601. One of `queue`, `name`, `worker` (in that
 * order) and the states are answered from the index's sorted sets; the rest of them and `text` are
 * checked task by task, at most `scan` tasks per page, and the answer says how many it looked at.
 */
import { z } from 'zod';
import { JobState, TaskPage, TaskRow, jobStates } from '@/lib/adapters/types';

export { TaskPage, TaskRow };

/** Most tasks one page may look at for filters no index answers. */
export const MAX_TASK_SCAN = 50_000;
export const DEFAULT_TASK_SCAN = 5_000;

const States = z
  .string()
  .max(200)
  .transform((text, context) => {
    const states = [...new Set(text.split(',').map((part) => part.trim()).filter(Boolean))];
    for (const state of states) {
      if (!JobState.safeParse(state).success) {
        context.addIssue({ code: 'custom', message: `"${state}" is not a state; use ${jobStates.join(', ')}` });
        return z.NEVER;
      }
    }
    return states as JobState[];
  });

/** Epoch ms, or an ISO 8601 date-time (a zone-less one is UTC). */
export const TimeBound = z
  .string()
  .max(40)
  .transform((text, context) => {
    const zoneless = text.includes('T') && !/([zZ]|[+-]\d\d:?\d\d)$/.test(text);
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(zoneless ? `${text}Z` : text);
    if (!Number.isFinite(ms) || ms < 0) {
      context.addIssue({ code: 'custom', message: 'epoch milliseconds or an ISO 8601 date-time' });
      return z.NEVER;
    }
    return ms;
  });

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((value) => value?.trim() || undefined);

export const TasksQuery = z
  .object({
    state: States.optional().transform((states) => states ?? []),
    name: optionalText(500),
    worker: optionalText(500),
    queue: optionalText(1000),
    since: TimeBound.optional(),
    until: TimeBound.optional(),
    /** Case-insensitive (ASCII) text in the args, kwargs, result or exception. */
    text: optionalText(200),
    /** Most tasks looked at one by one on this page (text, a second of queue/name/worker). */
    scan: z.coerce.number().int().min(1).max(MAX_TASK_SCAN).default(DEFAULT_TASK_SCAN),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: optionalText(4000),
  })
  .refine((query) => query.since === undefined || query.until === undefined || query.since <= query.until, {
    message: 'since must not be after until',
    path: ['since'],
  });
export type TasksQuery = z.infer<typeof TasksQuery>;

export const TasksResponse = TaskPage.extend({ source: z.string() });
export type TasksResponse = z.infer<typeof TasksResponse>;
