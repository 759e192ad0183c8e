/**
 * THE seam between Yardmaster and the job systems.
 *
 * Every adapter (BullMQ, Celery, Temporal) implements `SourceAdapter` and maps
 * its native shapes onto the normalised model below. The model is written as
 * zod schemas so that the REST contract (lib/api/schemas.ts), the OpenAPI
 * document and the browser's response parsing all derive from one definition.
 * This module is pure: no I/O, safe to import from anywhere.
 */
import { z } from 'zod';

export const sourceKinds = ['bullmq', 'celery', 'temporal'] as const;
export const SourceKind = z.enum(sourceKinds);
export type SourceKind = z.infer<typeof SourceKind>;

/** Normalised job states; each adapter keeps its own name beside it (`nativeState`). */
export const jobStates = [
  'waiting',
  'delayed',
  'prioritized',
  'active',
  'waiting-children',
  'completed',
  'failed',
  'cancelled',
  'paused',
] as const;
export const JobState = z.enum(jobStates);
export type JobState = z.infer<typeof JobState>;

/**
 * What a source can read. Every adapter has each read method of `SourceAdapter` (answering null or an
 * empty list where its system has nothing of the kind); these flags say which reads mean something,
 * so the API answers 409 `unsupported` and the UI hides a view otherwise.
 */
export const readCapabilities = [
  'queues',
  'jobs',
  'jobLookup',
  'timeline',
  'logs',
  'flows',
  'workers',
  'workerDetail',
  'schedules',
  'metrics',
  'search',
  'deadLetters',
  /** Every task of the source in one newest-first list with filters (Celery's task index). */
  'tasks',
  /** Paged raw history of a job (Temporal: the workflow's events, newest page first). */
  'history',
  /** Queries answered by a running job's code (Temporal: `__stack_trace` and the workflow's own). */
  'queries',
  /** The broker's own view of queues (Celery: message lists per priority, unacked) and a peek at messages. */
  'broker',
] as const;
export type ReadCapability = (typeof readCapabilities)[number];

/**
 * The groups of actions a source may have, and the verbs of each. A source's `SourceActions` holds
 * one object per group its system has, and in it one method per verb it implements; the capability
 * of a verb is `<group>.<verb>` (`job.retry`, `worker.poolGrow`) and is declared by the method being
 * there (`actionCapabilitiesOf`), so no adapter carries another system's verbs as stubs and a
 * declared action always has an implementation.
 */
export const actionVerbs = {
  /** One job / task. */
  job: ['retry', 'cancel', 'remove', 'promote', 'duplicate', 'updateData'],
  /** One queue, or every queue of the source (`pauseAll`). */
  queue: ['pause', 'pauseAll', 'add', 'retryAll', 'promoteAll', 'clean', 'drain', 'obliterate'],
  /** Every job of one state that a filter matches: bounded, with a dry run that counts first. */
  matching: ['retry', 'remove', 'promote', 'cancel'],
  /** Limits on a whole queue (BullMQ's global rate limit and concurrency). */
  queueLimit: ['rateLimit', 'concurrency'],
  /** Job schedulers. */
  scheduler: ['upsert', 'remove', 'run'],
  /** Limits per task type, applied by every worker (Celery's rate and time limits). */
  taskType: ['rateLimit', 'timeLimit'],
  /** Remote control of worker processes (Celery's pidbox). */
  worker: ['poolGrow', 'poolShrink', 'autoscale', 'addConsumer', 'cancelConsumer', 'shutdown'],
  /** The broker's own storage of a queue (Celery's purge of the messages waiting in Redis). */
  broker: ['purge'],
  /**
   * What only a workflow engine has (Temporal): terminate, signal and reset one workflow, and the
   * server's batch operations over a visibility query (cancel / terminate / signal / reset).
   */
  workflow: ['terminate', 'signal', 'reset', 'batch'],
} as const;
export type ActionGroup = keyof typeof actionVerbs;
export type VerbOf<G extends ActionGroup> = (typeof actionVerbs)[G][number];
export type ActionCapability = { [G in ActionGroup]: `${G}.${VerbOf<G>}` }[ActionGroup];
export type JobVerb = VerbOf<'job'>;
export const jobVerbs = actionVerbs.job;

const actionCapabilityList = (Object.keys(actionVerbs) as ActionGroup[]).flatMap((group) =>
  actionVerbs[group].map((verb) => `${group}.${verb}` as ActionCapability),
);

/** Every capability, reads first; the API answers 409 `unsupported` and the UI hides the control otherwise. */
export const capabilities = [...readCapabilities, ...actionCapabilityList] as [
  ReadCapability | ActionCapability,
  ...Array<ReadCapability | ActionCapability>,
];
export const Capability = z.enum(capabilities);
export type Capability = z.infer<typeof Capability>;

export const StateCounts = z.record(JobState, z.number().int().nonnegative());
export type StateCounts = z.infer<typeof StateCounts>;

export const RateLimit = z.object({
  max: z.number().int().positive(),
  durationMs: z.number().int().positive(),
});
export type RateLimit = z.infer<typeof RateLimit>;

export const Queue = z.object({
  source: z.string(),
  name: z.string(),
  counts: StateCounts,
  paused: z.boolean(),
  /** Global concurrency across all workers, null when unset. */
  globalConcurrency: z.number().int().positive().nullable(),
  rateLimit: RateLimit.nullable(),
  /** Milliseconds until the rate limiter lets jobs through again; 0 when not limited now. */
  rateLimitedForMs: z.number().int().nonnegative(),
  schedulerCount: z.number().int().nonnegative(),
  /** null when the backend will not tell (e.g. CLIENT LIST forbidden). */
  workerCount: z.number().int().nonnegative().nullable(),
  /** Backend-specific facts worth showing (library version, key prefix, ...). */
  meta: z.record(z.string(), z.string()).default({}),
});
export type Queue = z.infer<typeof Queue>;

export const Progress = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.record(z.string(), z.unknown()),
  z.null(),
]);

/** A list row: small fields only, never whole payloads. */
export const JobRow = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  state: JobState,
  nativeState: z.string(),
  /** Epoch ms. */
  createdAt: z.number().nullable(),
  processedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** When a delayed job becomes runnable, epoch ms. */
  runAt: z.number().nullable(),
  attemptsMade: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive().nullable(),
  priority: z.number().int().nullable(),
  progress: Progress,
  /** First line(s) of the failure, cut short for lists. */
  failedReason: z.string().nullable(),
  /** Byte size of the job's input data, so lists can warn about huge payloads without loading them. */
  dataBytes: z.number().int().nonnegative(),
});
export type JobRow = z.infer<typeof JobRow>;

/**
 * A row of a source-wide task list (capability `tasks`): a Celery task as its index keeps it, small
 * fields only; args and kwargs as the worker's Python reprs, cut for the list.
 */
export const TaskRow = z.object({
  id: z.string(),
  name: z.string(),
  state: JobState,
  /** Celery's own state name (SUCCESS, RETRY, a custom PROGRESS...). */
  nativeState: z.string(),
  queue: z.string(),
  worker: z.string().nullable(),
  retries: z.number().int().nonnegative(),
  /** The start of the args / kwargs reprs (`argsBytes` says how long they are whole). */
  argsPreview: z.string().nullable(),
  kwargsPreview: z.string().nullable(),
  argsBytes: z.number().int().nonnegative(),
  /** Epoch ms of each step, null when not seen. */
  sentAt: z.number().nullable(),
  receivedAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** When a task with an ETA or a retry countdown runs. */
  runAt: z.number().nullable(),
  /** When the task entered its state: its place in the newest-first list. */
  stateAt: z.number(),
  /** First line of the exception (failed, retried). */
  exception: z.string().nullable(),
});
export type TaskRow = z.infer<typeof TaskRow>;

export const TaskPage = z.object({
  tasks: z.array(TaskRow),
  /** Every task the filters match when `complete`; otherwise the matches found in the scan. */
  total: z.number().int().nonnegative(),
  /** Tasks looked at one by one for a filter no index answers (text, a second of name/worker/queue); 0 when none was. */
  scanned: z.number().int().nonnegative(),
  /** False when a scan stopped at its bound: `nextCursor` goes on looking from there. */
  complete: z.boolean(),
  nextCursor: z.string().nullable(),
});
export type TaskPage = z.infer<typeof TaskPage>;

export const JobPage = z.object({
  state: JobState,
  jobs: z.array(JobRow),
  total: z.number().int().nonnegative(),
  /** Opaque; absent on the last page. */
  nextCursor: z.string().nullable(),
});
export type JobPage = z.infer<typeof JobPage>;

/** A payload that may be too large to ship whole: `text` is cut at `limitBytes` when `truncated`. */
export const Payload = z.object({
  /** Parsed JSON when the whole value fit and was JSON; otherwise null. */
  json: z.unknown().optional(),
  /** The raw text (possibly truncated). */
  text: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type Payload = z.infer<typeof Payload>;

export const JobRef = z.object({ queue: z.string(), id: z.string() });
export type JobRef = z.infer<typeof JobRef>;

export const Attempt = z.object({
  number: z.number().int().positive(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  outcome: z.enum(['running', 'completed', 'failed', 'unknown']),
  error: z.string().nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

export const JobDetail = JobRow.extend({
  data: Payload,
  opts: z.record(z.string(), z.unknown()),
  returnValue: Payload,
  stacktrace: z.array(z.string()),
  logCount: z.number().int().nonnegative(),
  parent: JobRef.nullable(),
  children: z.array(JobRef.extend({ state: JobState.nullable() })),
  attempts: z.array(Attempt),
  /** The worker that took the latest attempt (BullMQ: the Worker's `name` option), when recorded. */
  processedBy: z.string().nullable(),
  /**
   * Flow children that failed while this parent still waits on them: with no failure option set
   * (BullMQ's default) the parent never runs until they are retried or removed.
   */
  blockedBy: z.array(JobRef.extend({ failedReason: z.string().nullable() })),
  /** Everything the backend knows that the normalised fields do not carry. */
  raw: z.record(z.string(), z.string()),
});
export type JobDetail = z.infer<typeof JobDetail>;

export const LogPage = z.object({
  lines: z.array(z.string()),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
});
export type LogPage = z.infer<typeof LogPage>;

export const TimelineEvent = z.object({
  at: z.number().nullable(),
  type: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  status: z.enum(['info', 'running', 'success', 'failure', 'waiting']),
  /** A child job/workflow this event points to. */
  child: JobRef.nullable().default(null),
  /** A bar's end (Temporal: an activity, timer, child or update closed); null while it is open. */
  endAt: z.number().nullable().optional(),
  /** Attempts of an activity (the final one when it closed). */
  attempts: z.number().int().positive().nullable().optional(),
  /** First and last history event of the item (Temporal). */
  eventIds: z.tuple([z.number().int(), z.number().int()]).optional(),
  /** Joins the parts of one item seen on different history pages (`activity:5`). */
  key: z.string().optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const Timeline = z.object({
  job: JobRef,
  events: z.array(TimelineEvent),
  /**
   * When the timeline shows only the latest part of a long history (Temporal): how many events the
   * history has, which are shown, and the cursor of the older events (`getHistory`).
   */
  history: z
    .object({
      runId: z.string(),
      totalEvents: z.number().int().nonnegative(),
      firstEventId: z.number().int().nonnegative(),
      lastEventId: z.number().int().nonnegative(),
      olderCursor: z.string().nullable(),
    })
    .optional(),
});
export type Timeline = z.infer<typeof Timeline>;

export const historyEventCategories = [
  'workflow',
  'workflowTask',
  'activity',
  'timer',
  'child',
  'signal',
  'update',
  'marker',
  'other',
] as const;

/** One event of a job's raw history (Temporal), payloads decoded to values. */
export const HistoryEventRow = z.object({
  eventId: z.number().int().positive(),
  at: z.number().nullable(),
  /** `ActivityTaskScheduled`, `WorkflowExecutionSignaled`, ... */
  type: z.string(),
  category: z.enum(historyEventCategories),
  summary: z.string(),
  failed: z.boolean(),
  attributes: z.record(z.string(), z.unknown()),
});
export type HistoryEventRow = z.infer<typeof HistoryEventRow>;

/** One page of a history: newest first from the end (the default), or oldest first from the start. */
export const HistoryPage = z.object({
  job: JobRef,
  runId: z.string(),
  order: z.enum(['newest-first', 'oldest-first']),
  events: z.array(HistoryEventRow),
  /** The timeline items whose events are on this page (join pages on `key`). */
  items: z.array(TimelineEvent),
  /** The run's history length when the page was read (running workflows grow). */
  totalEvents: z.number().int().nonnegative(),
  /** Opaque; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Set when a codec server is configured and did not decode this page's payloads. */
  codecError: z.string().nullable(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

export interface HistoryPageOptions {
  order: 'newest-first' | 'oldest-first';
  limit: number;
  cursor?: string | null;
  /** A run of the workflow; its latest run by default. */
  runId?: string | null;
}

/** A query's answer (Temporal `QueryWorkflow`): the decoded result, or why the workflow refused. */
export const QueryAnswer = z.object({
  job: JobRef,
  queryType: z.string(),
  result: z.unknown(),
  rejected: z.string().nullable(),
});
export type QueryAnswer = z.infer<typeof QueryAnswer>;

export const Worker = z.object({
  id: z.string(),
  name: z.string(),
  queues: z.array(z.string()),
  address: z.string().nullable(),
  /** Seconds since the connection or process started. */
  ageSeconds: z.number().nullable(),
  idleSeconds: z.number().nullable(),
  status: z.enum(['online', 'offline', 'unknown']),
  /**
   * What the worker's own heartbeats say (Celery `worker-online|heartbeat|offline`): absent for
   * systems whose workers do not report themselves.
   */
  heartbeat: z
    .object({
      /** Epoch ms of its last report (by the worker's clock). */
      at: z.number(),
      /** Seconds between heartbeats; online until `at + 2·freq`. */
      freq: z.number(),
      /** The last report was `worker-offline` (a clean shutdown), not a missed heartbeat. */
      saidOffline: z.boolean(),
      /** Tasks running and tasks done since it started, as it reported them. */
      active: z.number().int().nullable(),
      processed: z.number().int().nullable(),
      /** 1, 5 and 15 minute load average of its host. */
      loadAverage: z.array(z.number()).nullable(),
      /** e.g. `py-celery 5.2.6 (Linux)`. */
      software: z.string().nullable(),
      pid: z.number().int().nullable(),
      /** Epoch ms when the dashboard drops it from the list if it reports nothing more (retention). */
      forgetAt: z.number().nullable(),
    })
    .optional(),
  /** The worker's pool as last inspected (Celery `stats`), with when; absent when never inspected. */
  pool: z
    .object({
      /** Processes now (prefork), or the configured concurrency. */
      size: z.number().int().nullable(),
      maxConcurrency: z.number().int().nullable(),
      autoscaler: z.object({ max: z.number().int(), min: z.number().int() }).nullable(),
      inspectedAt: z.number(),
    })
    .optional(),
});
export type Worker = z.infer<typeof Worker>;

export const WorkerList = z.object({
  /** False when the backend forbids listing workers (e.g. CLIENT LIST disabled). */
  known: z.boolean(),
  workers: z.array(Worker),
});
export type WorkerList = z.infer<typeof WorkerList>;

/** A task a worker holds (inspect `active`, `reserved`, `scheduled`), as the worker describes it. */
export const InspectedTask = z.object({
  id: z.string(),
  name: z.string().nullable(),
  /** Python reprs, as the worker prints them. */
  args: z.string().nullable(),
  kwargs: z.string().nullable(),
  /** Epoch ms it started (active only). */
  startedAt: z.number().nullable(),
  /** The pool process running it (active only). */
  workerPid: z.number().int().nullable(),
  acknowledged: z.boolean().nullable(),
  queue: z.string().nullable(),
  /** Scheduled (ETA / countdown) tasks: when, as the worker says it. */
  eta: z.string().nullable(),
});
export type InspectedTask = z.infer<typeof InspectedTask>;

/** A task type a worker runs (inspect `registered`), with the limits it applies now. */
export const RegisteredTask = z.object({
  name: z.string(),
  rateLimit: z.string().nullable(),
  /** Seconds. */
  timeLimit: z.number().nullable(),
  softTimeLimit: z.number().nullable(),
});
export type RegisteredTask = z.infer<typeof RegisteredTask>;

/**
 * One worker in detail, from inspect broadcasts addressed to it (Celery) and its heartbeats. A
 * section the worker did not answer before the deadline is empty and named in `unanswered`.
 */
export const WorkerDetail = z.object({
  worker: Worker,
  answered: z.boolean(),
  /** Inspect methods (`stats`, `active`, ...) the worker did not answer in time. */
  unanswered: z.array(z.string()),
  deadlineMs: z.number().int().nonnegative(),
  pool: z
    .object({
      /** prefork, threads, solo, … (told apart by what the pool reports of itself); null when unknown. */
      implementation: z.string().nullable().default(null),
      maxConcurrency: z.number().int().nullable(),
      /** Pids of the pool's processes (prefork); their count is the pool's size now. */
      processes: z.array(z.number().int()),
      maxTasksPerChild: z.number().int().nullable(),
      /** [soft, hard] seconds of the worker-wide time limits, null when unset. */
      timeouts: z.tuple([z.number().nullable(), z.number().nullable()]),
      /** Autoscale bounds and current size, when the worker autoscales. */
      autoscaler: z
        .object({ max: z.number().int(), min: z.number().int(), qty: z.number().int().nullable() })
        .nullable(),
    })
    .nullable(),
  active: z.array(InspectedTask),
  reserved: z.array(InspectedTask),
  scheduled: z.array(InspectedTask),
  /** Ids of the tasks this worker holds as revoked (in its memory, so a restarted worker forgets them). */
  revoked: z.array(z.string()).default([]),
  registered: z.array(RegisteredTask),
  activeQueues: z.array(
    z.object({ name: z.string(), exchange: z.string().nullable(), routingKey: z.string().nullable() }),
  ),
  /** Everything `stats` said (broker, prefetch_count, rusage, total per task type, ...). */
  stats: z.record(z.string(), z.unknown()),
  /** The worker's configuration (`conf`), non-default keys. */
  conf: z.record(z.string(), z.unknown()),
});
export type WorkerDetail = z.infer<typeof WorkerDetail>;

/** One queue as the broker holds it (Celery over Redis: its priority lists and unacked deliveries). */
export const BrokerQueue = z.object({
  name: z.string(),
  /** Messages waiting, over every priority step. */
  waiting: z.number().int().nonnegative(),
  /** Waiting per priority step, lowest step (consumed first) first. */
  byPriority: z.array(z.object({ priority: z.number().int(), waiting: z.number().int().nonnegative() })),
  /** Delivered to a worker and not yet acknowledged; null when too many to split by queue. */
  unacked: z.number().int().nonnegative().nullable(),
  /** Age of the oldest unacknowledged delivery of this queue, ms; null when none (or unknown). */
  oldestUnackedAgeMs: z.number().int().nonnegative().nullable(),
});
export type BrokerQueue = z.infer<typeof BrokerQueue>;

export const BrokerOverview = z.object({
  queues: z.array(BrokerQueue),
  /** Unacknowledged deliveries of every queue. */
  unacked: z.number().int().nonnegative(),
  oldestUnackedAgeMs: z.number().int().nonnegative().nullable(),
  /** False when there were more unacked deliveries than are read to split them by queue. */
  unackedExact: z.boolean(),
});
export type BrokerOverview = z.infer<typeof BrokerOverview>;

/** A message waiting in the broker, decoded: the task it asks for and its arguments as sent. */
export const BrokerMessage = z.object({
  id: z.string().nullable(),
  task: z.string().nullable(),
  priority: z.number().nullable(),
  eta: z.string().nullable(),
  expires: z.string().nullable(),
  retries: z.number().nullable(),
  rootId: z.string().nullable(),
  parentId: z.string().nullable(),
  group: z.string().nullable(),
  /** Python reprs the producer wrote (`argsrepr`), when it did. */
  argsRepr: z.string().nullable(),
  kwargsRepr: z.string().nullable(),
  /** The body's args and kwargs exactly as sent (JSON); a very large value is cut and said so. */
  args: Payload,
  kwargs: Payload,
  /** Every header, as sent. */
  headers: z.record(z.string(), z.unknown()),
  deliveryTag: z.string().nullable(),
});
export type BrokerMessage = z.infer<typeof BrokerMessage>;

export const Schedule = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  pattern: z.string().nullable(),
  everyMs: z.number().nullable(),
  tz: z.string().nullable(),
  nextRunAt: z.number().nullable(),
  iterations: z.number().int().nullable(),
  limit: z.number().int().nullable(),
  template: z.record(z.string(), z.unknown()).nullable(),
});
export type Schedule = z.infer<typeof Schedule>;

export const MetricSeries = z.object({
  /** Jobs per minute, newest first. */
  points: z.array(z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
});
export type MetricSeries = z.infer<typeof MetricSeries>;
export const QueueMetrics = z.object({
  completed: MetricSeries.nullable(),
  failed: MetricSeries.nullable(),
});
export type QueueMetrics = z.infer<typeof QueueMetrics>;

/**
 * Throughput of several queues at once, aligned on one clock: in each series `points[0]` is the last
 * finished minute, the one that ended at `until`, `points[1]` the minute before, and so on.
 */
export const SourceMetrics = z.object({
  /** Epoch ms: the start of the current (unfinished) minute, where the newest point ends. */
  until: z.number().int().nonnegative(),
  /** Width of one point, ms. */
  intervalMs: z.number().int().positive(),
  queues: z.array(QueueMetrics.extend({ queue: z.string() })),
});
export type SourceMetrics = z.infer<typeof SourceMetrics>;

export const FlowNode: z.ZodType<FlowNode> = z.lazy(() =>
  z.object({
    queue: z.string(),
    id: z.string(),
    name: z.string(),
    state: JobState.nullable(),
    children: z.array(FlowNode),
  }),
);
export interface FlowNode {
  queue: string;
  id: string;
  name: string;
  state: JobState | null;
  children: FlowNode[];
}

export interface ListJobsOptions {
  state: JobState;
  limit: number;
  cursor?: string | null;
}

export type PayloadField = 'data' | 'returnValue';

/** Filters of a task list; every one optional, all of them must hold. Times are epoch ms, inclusive. */
export interface TaskListOptions {
  /** Any of these states; empty = every state. */
  states: readonly JobState[];
  queue?: string;
  name?: string;
  worker?: string;
  /** Window on the time each task entered its state. */
  since?: number;
  until?: number;
  /** Case-insensitive text in args, kwargs, result or exception: a bounded scan. */
  text?: string;
  limit: number;
  cursor?: string | null;
  /** Most tasks a scan looks at on one page. */
  scanLimit: number;
}

/**
 * One configured backend. Methods answer `null` for "no such thing" and throw
 * `SourceUnavailableError` (lib/adapters/errors.ts) when the backend cannot be reached.
 */
export interface SourceAdapter {
  readonly id: string;
  readonly kind: SourceKind;
  readonly label: string;
  readonly capabilities: ReadonlySet<Capability>;
  /** Throws SourceUnavailableError when the backend is unreachable. */
  ping(): Promise<void>;
  listQueues(): Promise<Queue[]>;
  getQueue(queue: string): Promise<Queue | null>;
  listJobs(queue: string, options: ListJobsOptions): Promise<JobPage | null>;
  getJob(queue: string, id: string): Promise<JobDetail | null>;
  /** The whole of a payload that `getJob` truncated. */
  getPayload(queue: string, id: string, field: PayloadField): Promise<Payload | null>;
  getJobLogs(
    queue: string,
    id: string,
    page: { offset: number; limit: number },
  ): Promise<LogPage | null>;
  findJob(id: string): Promise<JobRef | null>;
  getTimeline(ref: JobRef): Promise<Timeline | null>;
  getFlow(ref: JobRef): Promise<FlowNode | null>;
  listWorkers(): Promise<WorkerList>;
  listSchedules(): Promise<Schedule[]>;
  getMetrics(queue: string): Promise<QueueMetrics | null>;
  /**
   * The last `points` minutes of throughput of many queues in one read (the overview's sparklines);
   * `queues` null means every queue of the source; unknown queues are left out. Optional: an adapter
   * without it answers 409 `unsupported` on the route.
   */
  listQueueMetrics?(options: {
    queues: readonly string[] | null;
    points: number;
  }): Promise<SourceMetrics>;
  /**
   * Bounded search in one state (capability `search`): looks at no more than `scanLimit` jobs and
   * says how far it got.
   */
  searchJobs?(
    queue: string,
    options: ScanOptions & { limit: number },
  ): Promise<(ScanResult & { jobs: JobRow[]; total: number }) | null>;
  /**
   * One worker in detail (capability `workerDetail`): null when the source knows no such worker.
   * Waits up to `timeoutMs` for the worker's answers.
   */
  getWorker?(name: string, options: { timeoutMs: number }): Promise<WorkerDetail | null>;
  /** One page of every task of the source, newest first, filtered (capability `tasks`). */
  listTasks?(options: TaskListOptions): Promise<TaskPage>;
  /** The broker's queues with their lengths and unacked deliveries (capability `broker`). */
  getBrokerOverview?(): Promise<BrokerOverview>;
  /** The first `limit` messages a worker would take from `queue`; null for an unknown queue. */
  peekMessages?(queue: string, limit: number): Promise<{ messages: BrokerMessage[]; waiting: number } | null>;
  /** One page of the source's failed jobs in the dead-letter walk order (capability `deadLetters`). */
  listDeadLetters?(options: DeadLetterPageOptions): Promise<DeadLetterPage>;
  /** One page of a job's raw history (capability `history`); null when there is no such job. */
  getHistory?(ref: JobRef, options: HistoryPageOptions): Promise<HistoryPage | null>;
  /**
   * Ask a job's running code a question (capability `queries`): the workflow's own queries and
   * `__stack_trace`. Null when there is no such job.
   */
  queryJob?(
    ref: JobRef,
    query: { type: string; args: unknown[]; runId?: string | null },
  ): Promise<QueryAnswer | null>;
  /** A batch operation's progress (Temporal `DescribeBatchOperation`); null when it is unknown. */
  getBatch?(jobId: string, options: { namespace?: string | null }): Promise<BatchStatus | null>;
  /** The groups of actions the source has (see `actionVerbs`); absent when it has none. */
  readonly actions?: SourceActions;
  /** The source's live feed (issue 4, DESIGN.md "Live updates"); absent when the backend has none. */
  readonly live?: LiveSource;
  close(): Promise<void>;
}

/** Largest payload returned inline by job detail; larger ones are cut and fetched on demand. */
export const INLINE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// The mutating side (issue 3). Each method answers null when the queue or job does not exist,
// throws ConflictError (lib/adapters/errors.ts) when the backend refuses in its present state
// (wrong job state → code `conflict` with details.state; locked job; queue not paused), and
// SourceUnavailableError when unreachable. The wire shapes are in lib/api/schemas-actions.ts.

/** A job after an action: where it is now; `state` null once it no longer exists. */
export interface JobActionResult {
  job: JobRef;
  state: JobState | null;
  nativeState: string | null;
  /** `duplicate` / scheduler run: the job it was made from. */
  from?: JobRef | null;
}

export interface BulkResult {
  state: JobState | null;
  touched: number;
  /** Library calls made, each bounded in size. */
  chunks: number;
}

/** All given fields must match (AND); see JobFilter in lib/api/schemas-actions.ts. */
export interface JobFilterOptions {
  name?: string;
  reason?: string;
  q?: string;
  from?: number;
  to?: number;
  ids?: string[];
}

/**
 * The states a search or a "retry / remove / promote what matches" action may name (the API's `state`
 * enum). `waiting` covers the jobs of a paused queue too.
 */
export const matchingStates = [
  'failed',
  'completed',
  'delayed',
  'waiting',
  'prioritized',
  'waiting-children',
] as const;

/** The states a clean may name: the ones BullMQ's `clean` can empty. */
export const cleanableStates = [
  'completed',
  'failed',
  'delayed',
  'waiting',
  'prioritized',
  'paused',
] as const;

export interface ScanOptions {
  state: JobState;
  filter: JobFilterOptions;
  scanLimit: number;
}

export interface ScanResult {
  scanned: number;
  matched: number;
  /** True when the whole state was looked at. */
  complete: boolean;
}

export interface MatchingResult extends ScanResult {
  touched: number;
  skipped: Array<{ id: string; reason: string }>;
}

export interface CancelResult extends JobActionResult {
  /** What the operator should read instead of the generic acknowledgement text (Temporal). */
  note?: string;
  requestId: string;
  /** BullMQ: cancel listeners that heard the request; Celery: workers that answered the revoke. */
  listeners: number;
  acknowledged: boolean;
  /** Celery: each worker's answer to the revoke, and the workers that did not answer. */
  replies?: WorkerReplies;
}

export interface NewJob {
  name: string;
  data: unknown;
  opts: Record<string, unknown>;
}

export interface SchedulerSpec {
  pattern?: string;
  everyMs?: number;
  tz?: string;
  limit?: number;
  startDate?: number;
  endDate?: number;
  immediately?: boolean;
  template: NewJob;
}

/**
 * Where the dead-letter walk resumes inside one source. The walk is a total order: newest `failedAt`
 * (the job's score in its failed set) first, then queue, then id, both descending by UTF-8 bytes, as
 * Redis orders a sorted set's ties (see lib/adapters/dead-letter-order.ts). Jobs that failed before
 * `failedAt` always remain; of those that failed at exactly `failedAt`, `ties` says which: all, none,
 * or the ones after `queue`/`id` in that order.
 */
export type DeadLetterResume =
  | { failedAt: number; ties: 'all' | 'none' }
  | { failedAt: number; ties: 'after'; queue: string; id: string };

/** One job's place in the walk inside a source. */
export interface DeadLetterPosition {
  failedAt: number;
  queue: string;
  id: string;
}

export interface DeadLetterPageOptions {
  queue?: string;
  name?: string;
  reason?: string;
  limit: number;
  /** Null for the first page. */
  after: DeadLetterResume | null;
}

export interface DeadLetterPage {
  /** At most `limit`, in walk order. */
  jobs: Array<{ failedAt: number; row: JobRow }>;
  /** Failed jobs across the queues looked at. */
  total: number;
  /**
   * Each queue is read only so far per page (`limit` jobs, or a bounded scan with a filter): the newest
   * place where a queue's read stopped short of its end. Everything before it in the walk was looked
   * at; no job after it may be shown yet, and a page that ends short resumes there. Null when every
   * queue was read to its end.
   */
  scannedTo: DeadLetterPosition | null;
}

/** A job's state after `retry` on BullMQ: which finished state it must be in. */
export interface RetryJobOptions {
  state?: 'failed' | 'completed';
  resetAttempts: boolean;
}

/**
 * Cancel a job. BullMQ asks the worker holding an active job to abort it and waits up to `waitMs`
 * for an acknowledgement; Celery revokes the task (and with `terminate` signals the process running
 * it) and waits up to `waitMs` for the workers' replies.
 */
export interface CancelJobOptions {
  reason: string;
  waitMs: number;
  terminate?: boolean;
  signal?: string;
}

export interface JobActions {
  /**
   * The job states each verb of this group applies in (the UI offers a verb only there; the API's
   * 409 stays the truth). A verb left out applies in every state.
   */
  readonly appliesTo?: Partial<Record<JobVerb, readonly JobState[]>>;
  retry?(queue: string, id: string, options: RetryJobOptions): Promise<JobActionResult | null>;
  cancel?(queue: string, id: string, options: CancelJobOptions): Promise<CancelResult | null>;
  remove?(
    queue: string,
    id: string,
    options: { removeChildren: boolean },
  ): Promise<JobActionResult | null>;
  promote?(queue: string, id: string): Promise<JobActionResult | null>;
  duplicate?(queue: string, id: string): Promise<JobActionResult | null>;
  updateData?(queue: string, id: string, data: unknown): Promise<JobActionResult | null>;
}

export interface QueueActions {
  pause?(queue: string, paused: boolean): Promise<boolean | null>;
  /** Every known queue of the source; answers the names set. */
  pauseAll?(paused: boolean): Promise<string[]>;
  add?(queue: string, job: NewJob): Promise<JobActionResult | null>;
  retryAll?(
    queue: string,
    options: { state: 'failed' | 'completed'; before: number },
  ): Promise<BulkResult | null>;
  promoteAll?(queue: string): Promise<BulkResult | null>;
  clean?(
    queue: string,
    options: { state: JobState; graceMs: number; limit?: number },
  ): Promise<BulkResult | null>;
  drain?(queue: string, options: { delayed: boolean }): Promise<BulkResult | null>;
  obliterate?(queue: string, options: { force: boolean }): Promise<BulkResult | null>;
}

export type MatchingOptions = ScanOptions & { dryRun: boolean };

/** Act on what a filter matches in one state: find first (ids only, ≤ scanLimit), then act. */
export interface MatchingActions {
  retry?(queue: string, options: MatchingOptions): Promise<MatchingResult | null>;
  remove?(queue: string, options: MatchingOptions): Promise<MatchingResult | null>;
  promote?(queue: string, options: MatchingOptions): Promise<MatchingResult | null>;
  cancel?(queue: string, options: MatchingOptions): Promise<MatchingResult | null>;
}

export interface QueueLimitActions {
  /** Set (or with null remove) the queue's global rate limit. */
  rateLimit?(
    queue: string,
    limit: RateLimit | null,
  ): Promise<{ rateLimit: RateLimit | null; rateLimitedForMs: number } | null>;
  concurrency?(
    queue: string,
    concurrency: number | null,
  ): Promise<{ globalConcurrency: number | null } | null>;
}

export interface SchedulerActions {
  upsert?(queue: string, id: string, spec: SchedulerSpec): Promise<Schedule | null>;
  remove?(queue: string, id: string): Promise<boolean | null>;
  run?(queue: string, id: string): Promise<JobActionResult | null>;
}

/**
 * What each worker answered to a remote-control command, collected until every worker addressed
 * answered or the deadline passed: the workers that did not answer are named in `noReply`.
 */
export const WorkerReplies = z.object({
  /** Worker hostname → its answer: `{ok: text}`, `{error: text}`, or an inspect reply's value. */
  replies: z.record(z.string(), z.unknown()),
  /** Workers addressed (or, for a broadcast, online by their heartbeats) that did not answer in time. */
  noReply: z.array(z.string()),
  /** Addressed workers: the destination, or the workers online when broadcast. */
  addressed: z.array(z.string()),
  deadlineMs: z.number().int().nonnegative(),
});
export type WorkerReplies = z.infer<typeof WorkerReplies>;

/** The target of a worker command: one named worker, or every worker (null). */
export type WorkerTarget = string | null;

export interface TaskTypeActions {
  /** `rate` like `10/m`, `5/s`, `100/h`; null removes the limit. Every worker is told. */
  rateLimit?(taskName: string, rate: string | null): Promise<WorkerReplies>;
  /** Seconds; null removes that limit. */
  timeLimit?(
    taskName: string,
    limits: { soft: number | null; hard: number | null },
  ): Promise<WorkerReplies>;
}

export interface WorkerControls {
  poolGrow?(worker: WorkerTarget, n: number): Promise<WorkerReplies>;
  poolShrink?(worker: WorkerTarget, n: number): Promise<WorkerReplies>;
  autoscale?(worker: WorkerTarget, limits: { max: number; min: number }): Promise<WorkerReplies>;
  addConsumer?(worker: WorkerTarget, queue: string): Promise<WorkerReplies>;
  cancelConsumer?(worker: WorkerTarget, queue: string): Promise<WorkerReplies>;
  /** A worker told to shut down does not answer; `noReply` lists those not seen going offline. */
  shutdown?(worker: WorkerTarget): Promise<WorkerReplies>;
}

export interface BrokerActions {
  /** Delete the messages waiting in the broker for this queue; answers how many went. */
  purge?(queue: string): Promise<{ purged: number } | null>;
}

/** A workflow to act on: its latest run unless `runId` names another. */
export interface WorkflowTarget {
  runId?: string | null;
}

/** A workflow after an action: the job, the run acted on, and (reset) the new run. */
export interface WorkflowActionResult extends JobActionResult {
  runId: string;
  /** Reset: the run the reset started, and the workflow-task event it went back to. */
  newRunId?: string;
  resetEventId?: number;
}

export type ResetPoint = { to: 'first' | 'last' } | { eventId: number };

export const batchOperations = ['cancel', 'terminate', 'signal', 'reset'] as const;
export type BatchOperation = (typeof batchOperations)[number];

export interface BatchOptions {
  operation: BatchOperation;
  /** A visibility query; only running workflows are acted on unless the operation is reset. */
  query: string;
  namespace?: string | null;
  reason: string;
  signal?: { name: string; args: unknown[] };
  resetTo?: 'first' | 'last';
  /** Count what the query matches and act on nothing. */
  dryRun: boolean;
  /** Server-side pace, operations per second (the server's default when absent). */
  maxOperationsPerSecond?: number;
}

export interface BatchStarted {
  namespace: string;
  /** The query as sent to the server (with the running-only clause added where it applies). */
  query: string;
  /** Workflows the query matched when counted. */
  matched: number;
  dryRun: boolean;
  /** The batch job started; null on a dry run or when nothing matched. */
  jobId: string | null;
}

export const BatchStatus = z.object({
  jobId: z.string(),
  namespace: z.string(),
  operation: z.string(),
  state: z.enum(['running', 'completed', 'failed', 'unknown']),
  total: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  startedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  reason: z.string(),
  query: z.string(),
});
export type BatchStatus = z.infer<typeof BatchStatus>;

export interface WorkflowActions {
  terminate?(
    queue: string,
    id: string,
    options: WorkflowTarget & { reason: string },
  ): Promise<WorkflowActionResult | null>;
  signal?(
    queue: string,
    id: string,
    options: WorkflowTarget & { name: string; args: unknown[] },
  ): Promise<WorkflowActionResult | null>;
  reset?(
    queue: string,
    id: string,
    options: WorkflowTarget & { point: ResetPoint; reason: string },
  ): Promise<WorkflowActionResult | null>;
  batch?(options: BatchOptions): Promise<BatchStarted>;
}

/**
 * The mutating side of a source, as the groups of actions its system has (see `actionVerbs`):
 * absent groups and absent verbs are actions the source does not have.
 */
export interface SourceActions {
  readonly job?: JobActions;
  readonly queue?: QueueActions;
  readonly matching?: MatchingActions;
  readonly queueLimit?: QueueLimitActions;
  readonly scheduler?: SchedulerActions;
  readonly taskType?: TaskTypeActions;
  readonly worker?: WorkerControls;
  readonly broker?: BrokerActions;
  readonly workflow?: WorkflowActions;
  close(): Promise<void>;
}

/** The method of one verb of one group (what a route calls). */
export type ActionMethod<G extends ActionGroup, V extends VerbOf<G>> = NonNullable<
  NonNullable<SourceActions[G]>[V & keyof NonNullable<SourceActions[G]>]
>;

/** Every group's verb list names methods of its interface (a compile-time check). */
type VerbsNameMethods = {
  [G in ActionGroup]: VerbOf<G> extends keyof NonNullable<SourceActions[G]> ? true : never;
};
const verbsNameMethods: VerbsNameMethods = {
  job: true,
  queue: true,
  matching: true,
  queueLimit: true,
  scheduler: true,
  taskType: true,
  worker: true,
  broker: true,
  workflow: true,
};
void verbsNameMethods;

/** The bound method of a verb, or null when the source does not have it. */
export function actionMethod<G extends ActionGroup, V extends VerbOf<G>>(
  actions: SourceActions | undefined,
  group: G,
  verb: V,
): ActionMethod<G, V> | null {
  const impl = actions?.[group] as Record<string, unknown> | undefined;
  const method = impl?.[verb];
  return typeof method === 'function' ? (method.bind(impl) as ActionMethod<G, V>) : null;
}

/** The action capabilities a source declares: one per verb whose method is there. */
export function actionCapabilitiesOf(actions: SourceActions | undefined): ActionCapability[] {
  return (Object.keys(actionVerbs) as ActionGroup[]).flatMap((group) =>
    actionVerbs[group]
      .filter((verb) => actionMethod(actions, group, verb as VerbOf<typeof group>) !== null)
      .map((verb) => `${group}.${verb}` as ActionCapability),
  );
}

/** For each job verb a source has, the states it applies in (every state when it does not say). */
export function jobActionStatesOf(
  actions: SourceActions | undefined,
): Partial<Record<JobVerb, JobState[]>> {
  const states: Partial<Record<JobVerb, JobState[]>> = {};
  for (const verb of jobVerbs) {
    if (actionMethod(actions, 'job', verb) === null) continue;
    states[verb] = [...(actions?.job?.appliesTo?.[verb] ?? jobStates)];
  }
  return states;
}

// ---------------------------------------------------------------------------------------------
// Live updates (issue 4). What an adapter's ONE upstream per source reports to the hub (lib/live).
// The hub owns fan-out, diffing, coalescing, ids and replay; an upstream only says what it saw.

/** A queue as one live snapshot sees it; `workerCount` only when that snapshot asked who is connected. */
export type LiveQueueFacts = Omit<Queue, 'workerCount'> & { workerCount?: number | null };

/** One step of a job's life as the backend announced it. */
export interface LiveJobEvent {
  queue: string;
  id: string;
  /** The backend's own event name (`completed`, `progress`, `task-succeeded`, ...). */
  event: string;
  /** The state the job is in now; null when the event does not say (progress, removed). */
  state: JobState | null;
  /** States whose job lists this event changed (the job left or entered them). */
  touched: JobState[];
  /** Present on progress events. */
  progress?: z.infer<typeof Progress>;
  failedReason?: string | null;
  /** When it happened by the backend's clock, epoch ms; null when the event does not say. */
  at: number | null;
}

/** A queue-wide change the backend announced itself (rate limiting is derived from snapshots). */
export interface LiveQueueChange {
  queue: string;
  change: 'paused' | 'resumed' | 'cleaned' | 'drained';
}

/** Where an upstream reports. Calls may come in any number; the hub decides what is news. */
export interface LiveSink {
  /** Reachability of the backend as the upstream's own connection sees it. */
  status(status: 'up' | 'down', error?: string): void;
  /** Facts of every queue (a full snapshot, not a delta). */
  snapshot(queues: LiveQueueFacts[]): void;
  jobs(events: LiveJobEvent[]): void;
  queueChange(change: LiveQueueChange): void;
  /** Every worker of the source as it is now (a full list, not a delta): online/offline, heartbeats. */
  workers?(workers: Worker[]): void;
}

export interface LiveUpstream {
  stop(): Promise<void>;
}

/**
 * A source's live feed. `start` opens the ONE upstream of this source (the hub calls it only while
 * someone watches the source, whatever their number) which reports to `sink` until stopped.
 */
export interface LiveSource {
  start(sink: LiveSink): LiveUpstream;
}
