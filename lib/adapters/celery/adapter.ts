/**
 * The Celery source adapter over a kombu Redis broker, spoken from TypeScript: tasks from the
 * dashboard's own task index (lib/store), which the event ingest fills; the result backend fills in
 * what the index lacks; queue lengths from the broker; worker detail and the actions (revoke, retry
 * with lineage, limits per task type, worker controls, purge) in actions.ts over the pidbox.
 */
import 'server-only';
import Redis from 'ioredis';
import type { CelerySourceConfig } from '@/lib/config';
import type { CeleryTaskIndex, TaskRecord, WorkerRecord } from '@/lib/store/celery-task-index';
import { UNKNOWN_QUEUE } from '@/lib/store/celery-task-index';
import { RedisCeleryTaskIndex } from '@/lib/store/redis/celery-task-index';
import { ConflictError, InvalidCursorError, SourceUnavailableError } from '../errors';
import type { Capability, FlowNode, JobRef, Queue, SourceActions, SourceAdapter, StateCounts } from '../types';
import { actionCapabilitiesOf, jobStates } from '../types';
import { createCeleryActions } from './actions';
import { celeryDeadLetters } from './dead-letters';
import { CeleryBroker } from './broker';
import type { IngestOptions } from './events';
import { CeleryEventIngest } from './events';
import { PidboxClient } from './pidbox';
import type { BrokerKeys } from './keys';
import { dbOf, taskMetaKey } from './keys';
import type { CeleryLiveOptions } from './live';
import { createCeleryLive } from './live';
import {
  backendMetaToUpdate,
  queueOf,
  resultPayload,
  taskDataPayload,
  toJobDetail,
  toJobRow,
  toTaskRow,
  toBrokerMessage,
  toTimelineEvents,
  toWorker,
  workerIsAlive,
} from './map';

export interface CeleryAdapterOptions {
  discoveryIntervalMs: number;
  /** Run the event ingest (default true); a read-only second instance in tests may turn it off. */
  ingest?: boolean;
  /** Ingest tuning (tests, bench). */
  ingestTuning?: Partial<
    Pick<IngestOptions, 'flushEveryMs' | 'flushAtEvents' | 'maxInFlightBatches' | 'maxBufferedEvents' | 'refillLookbackMs'>
  >;
  live?: CeleryLiveOptions;
  timeoutMs?: number;
  /** Deadline of worker replies to a control, ms (default: the config's `controlReplyMs`). */
  replyMs?: number;
}

/** What the Celery adapter reads; its actions declare themselves (actions.ts). */
const CELERY_READS: readonly Capability[] = [
  'queues',
  'jobs',
  'jobLookup',
  'timeline',
  'flows',
  'workers',
  'workerDetail',
  'search',
  'broker',
  'deadLetters',
  'tasks',
];

/** Characters of the args and kwargs reprs a task-list row carries. */
const TASK_PREVIEW_CHARS = 160;

/** A worker's pool facts older than this are asked again (a `stats` inspect) while its list is read. */
const POOL_FACTS_MAX_AGE_MS = 60_000;
/** Least time between two such inspects of a source. */
const POOL_INSPECT_EVERY_MS = 15_000;

export type CeleryAdapter = SourceAdapter & {
  readonly index: CeleryTaskIndex;
  readonly broker: CeleryBroker;
  readonly ingest: CeleryEventIngest | null;
};

const FLOW_NODE_LIMIT = 200;

export function createCeleryAdapter(config: CelerySourceConfig, options: CeleryAdapterOptions): CeleryAdapter {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const connect = (url: string, role: string) => {
    const redis = new Redis(url, {
      connectTimeout: timeoutMs,
      commandTimeout: 5_000,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      connectionName: `yardmaster:${config.id}:${role}`,
    });
    redis.on('error', () => {
      // Reconnects by itself; the failing command reports the error.
    });
    return redis;
  };
  const brokerRedis = connect(config.broker, 'broker');
  const backendUrl = config.backend ?? config.broker;
  const backendRedis = backendUrl === config.broker ? brokerRedis : connect(backendUrl, 'backend');
  const storeUrl = config.store ?? config.broker;
  const storeRedis = storeUrl === config.broker ? brokerRedis : connect(storeUrl, 'store');
  const keys: BrokerKeys = { prefix: config.globalKeyPrefix, db: dbOf(config.broker), prioritySteps: config.prioritySteps };
  const index = new RedisCeleryTaskIndex({
    redis: storeRedis,
    ownsConnection: false,
    sourceId: config.id,
    retention: config.retention,
    maxTasks: config.maxTasks,
  });
  const broker = new CeleryBroker(brokerRedis, keys, {
    configQueues: config.queues ?? [],
    discoveryIntervalMs: options.discoveryIntervalMs,
  });
  const ingest =
    options.ingest === false
      ? null
      : new CeleryEventIngest({
          sourceId: config.id,
          brokerUrl: config.broker,
          keys,
          index,
          backend: backendRedis,
          broker: brokerRedis,
          enableEventsEveryMs: config.enableEventsEveryMs,
          timeoutMs,
          ...options.ingestTuning,
        });

  /** Transport failures become 503s; a bad cursor stays a 400. */
  const guard = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      if (error instanceof InvalidCursorError || error instanceof SourceUnavailableError || error instanceof ConflictError) throw error;
      throw new SourceUnavailableError(config.id, error);
    }
  };

  /** The task, from the index or else from the result backend (then remembered in the index). */
  const findRecord = async (id: string): Promise<TaskRecord | null> => {
    const known = await index.get(id);
    if (known) return known;
    const meta = await backendRedis.get(taskMetaKey(id));
    if (!meta) return null;
    const update = backendMetaToUpdate(id, meta);
    if (!update) return null;
    await index.apply([update], []);
    return index.get(id);
  };

  const recordIn = async (queue: string, id: string) => {
    const record = await findRecord(id);
    return record && queueOf(record) === queue ? record : null;
  };

  const listQueues = () =>
    guard(async () => {
      const [brokerQueues, indexQueues] = await Promise.all([broker.queues(), index.queues()]);
      const names = [...new Set([...brokerQueues, ...indexQueues, UNKNOWN_QUEUE])];
      const [counts, overview] = await Promise.all([index.counts(names), broker.overview(brokerQueues)]);
      const queues: Queue[] = [];
      for (const name of names) {
        const stateCounts = counts.get(name) ?? emptyCounts();
        if (name === UNKNOWN_QUEUE && Object.values(stateCounts).every((n) => n === 0)) continue;
        const facts = overview.queues.get(name);
        const meta: Record<string, string> = { kind: 'celery' };
        if (facts) {
          meta.brokerWaiting = String(facts.waiting);
          meta.brokerInFlight = overview.inFlightExact ? String(facts.inFlight) : 'unknown';
          for (const [step, length] of Object.entries(facts.byPriority)) if (step !== '0' && length > 0) meta[`priority${step}`] = String(length);
        } else {
          meta.note = name === UNKNOWN_QUEUE ? 'tasks no event routed: enable task_send_sent_event or result_extended' : 'seen in events only';
        }
        meta.brokerUnacked = String(overview.unacked);
        if (overview.oldestUnackedAt !== null) meta.oldestUnackedAgeMs = String(Math.max(0, Date.now() - overview.oldestUnackedAt));
        queues.push({
          source: config.id,
          name,
          counts: stateCounts,
          paused: false,
          globalConcurrency: null,
          rateLimit: null,
          rateLimitedForMs: 0,
          schedulerCount: 0,
          workerCount: null,
          meta,
        });
      }
      return queues;
    });

  const hasQueue = async (queue: string) => {
    if ((await broker.queues()).includes(queue) || (await index.queues()).includes(queue)) return true;
    if (queue !== UNKNOWN_QUEUE) return false;
    const counts = (await index.counts([queue])).get(queue);
    return Boolean(counts && Object.values(counts).some((n) => n > 0));
  };

  const canvasNode = async (id: string, budget: { left: number }): Promise<FlowNode | null> => {
    const record = await index.get(id);
    if (!record || budget.left-- <= 0) return null;
    const node: FlowNode = { queue: queueOf(record), id, name: record.fields.name ?? '(unknown task)', state: record.normalisedState, children: [] };
    for (const child of await index.children(id)) {
      if (budget.left <= 0) break;
      const childNode = await canvasNode(child, budget);
      if (childNode) node.children.push(childNode);
    }
    return node;
  };

  const pidbox = new PidboxClient(brokerRedis, keys);
  const forgetWorkerAfterMs = config.retention.offlineWorkers * 1000;
  const { actions, getWorker, searchJobs, inspectPools } = createCeleryActions(
    { keys, broker: brokerRedis, backend: backendRedis, index, pidbox, recordIn, hasQueue, forgetWorkerAfterMs },
    options.replyMs ?? config.controlReplyMs,
  );

  /**
   * Heartbeats do not carry the pool's size, so the workers list shows it as last inspected; reading
   * the list asks online workers whose facts are missing or old for their `stats` (in the background,
   * at most every POOL_INSPECT_EVERY_MS), as Flower refreshes its worker table.
   */
  let lastPoolInspect = 0;
  const refreshPools = (records: readonly WorkerRecord[], now: number) => {
    if (now - lastPoolInspect < POOL_INSPECT_EVERY_MS) return;
    const stale = records
      .filter((record) => workerIsAlive(record, now) && (!record.pool || now - record.pool.inspectedAt > POOL_FACTS_MAX_AGE_MS))
      .map((record) => record.hostname);
    if (stale.length === 0) return;
    lastPoolInspect = now;
    inspectPools(stale).catch(() => {
      // The broker is away: the list says what it last knew; the next read tries again.
    });
  };
  const listWorkers = () =>
    guard(async () => {
      const now = Date.now();
      const records = await index.workers();
      refreshPools(records, now);
      return {
        known: true,
        workers: records
          .map((record) => toWorker(record, now, [], forgetWorkerAfterMs))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    });
  const guarded = <A extends unknown[], T>(method: (...args: A) => Promise<T>) => (...args: A) => guard(() => method(...args));
  /** Every verb of every group behind the same guard as the reads: transport failures become 503s. */
  const guardedActions = Object.fromEntries(
    Object.entries(actions).map(([group, impl]) => [
      group,
      typeof impl === 'function'
        ? impl
        : Object.fromEntries(
            Object.entries(impl as Record<string, unknown>).map(([verb, method]) => [
              verb,
              typeof method === 'function' ? guarded(method as (...args: unknown[]) => Promise<unknown>) : method,
            ]),
          ),
    ]),
  ) as unknown as SourceActions;

  const adapter: CeleryAdapter = {
    id: config.id,
    kind: 'celery',
    label: config.label ?? config.id,
    capabilities: new Set([...CELERY_READS, ...actionCapabilitiesOf(actions)]),
    actions: guardedActions,
    getWorker: guarded(getWorker),
    searchJobs: guarded(searchJobs),
    index,
    broker,
    ingest,
    ping: () => guard(async () => void (await brokerRedis.ping())),
    listQueues,
    getQueue: async (queue) => (await listQueues()).find((candidate) => candidate.name === queue) ?? null,
    listJobs: (queue, { state, limit, cursor }) =>
      guard(async () => {
        if (!(await hasQueue(queue))) return null;
        const page = await index.list({ state, queue, limit, cursor });
        return { state, jobs: page.tasks.map(toJobRow), total: page.total, nextCursor: page.nextCursor };
      }),
    getJob: (queue, id) =>
      guard(async () => {
        const record = await recordIn(queue, id);
        if (!record) return null;
        const childIds = await index.children(id);
        const states = await index.states(childIds);
        const children = childIds.map((childId, i) => ({ id: childId, queue: states[i]?.queue ?? UNKNOWN_QUEUE, state: states[i]?.state ?? null }));
        const detail = toJobDetail(record, children);
        if (detail.parent) {
          const [parent] = await index.states([detail.parent.id]);
          if (parent) detail.parent = { queue: parent.queue, id: detail.parent.id };
        }
        return detail;
      }),
    getPayload: (queue, id, field) =>
      guard(async () => {
        const record = await recordIn(queue, id);
        if (!record) return null;
        return field === 'data' ? taskDataPayload(record) : resultPayload(record, Infinity);
      }),
    listTasks: (options) =>
      guard(async () => {
        const page = await index.list({
          states: options.states,
          ...(options.queue ? { queue: options.queue } : {}),
          ...(options.name ? { name: options.name } : {}),
          ...(options.worker ? { worker: options.worker } : {}),
          ...(options.since !== undefined ? { from: options.since } : {}),
          ...(options.until !== undefined ? { to: options.until } : {}),
          ...(options.text ? { text: options.text } : {}),
          limit: options.limit,
          cursor: options.cursor ?? null,
          scanLimit: options.scanLimit,
          previewChars: TASK_PREVIEW_CHARS,
        });
        return { tasks: page.tasks.map(toTaskRow), total: page.total, scanned: page.scanned, complete: page.complete, nextCursor: page.nextCursor };
      }),
    listDeadLetters: (options) =>
      guard(() =>
        celeryDeadLetters(index, async () => [...new Set([...(await index.queues()), UNKNOWN_QUEUE])], options),
      ),
    getJobLogs: async () => null,
    findJob: (id) =>
      guard(async () => {
        const record = await findRecord(id);
        return record ? { queue: queueOf(record), id } : null;
      }),
    getTimeline: (ref: JobRef) =>
      guard(async () => {
        const record = await recordIn(ref.queue, ref.id);
        if (!record) return null;
        const childIds = await index.children(ref.id);
        const parentId = record.fields.parent && record.fields.parent !== ref.id ? record.fields.parent : null;
        const states = await index.states(parentId ? [parentId, ...childIds] : childIds);
        const parentState = parentId ? states.shift() : null;
        const children = await Promise.all(
          childIds.map(async (childId, i) => {
            const child = await index.get(childId);
            return { id: childId, queue: states[i]?.queue ?? UNKNOWN_QUEUE, at: child?.log[0]?.at ?? null, name: child?.fields.name ?? null };
          }),
        );
        const parent = parentId ? { id: parentId, queue: parentState?.queue ?? UNKNOWN_QUEUE } : null;
        return { job: { queue: ref.queue, id: ref.id }, events: toTimelineEvents(record, { parent, children }) };
      }),
    getFlow: (ref: JobRef) =>
      guard(async () => {
        const record = await recordIn(ref.queue, ref.id);
        if (!record) return null;
        const rootId = record.fields.root && (await index.get(record.fields.root)) ? record.fields.root : ref.id;
        return canvasNode(rootId, { left: FLOW_NODE_LIMIT });
      }),
    listWorkers,
    getBrokerOverview: () =>
      guard(async () => {
        const names = await broker.queues();
        const overview = await broker.overview(names);
        const now = Date.now();
        const age = (at: number | null) => (at === null ? null : Math.max(0, now - at));
        return {
          queues: names.map((name) => {
            const facts = overview.queues.get(name)!;
            return {
              name,
              waiting: facts.waiting,
              byPriority: Object.entries(facts.byPriority)
                .map(([priority, waiting]) => ({ priority: Number(priority), waiting }))
                .sort((a, b) => a.priority - b.priority),
              unacked: overview.inFlightExact ? facts.inFlight : null,
              oldestUnackedAgeMs: overview.inFlightExact ? age(facts.oldestInFlightAt) : null,
            };
          }),
          unacked: overview.unacked,
          oldestUnackedAgeMs: age(overview.oldestUnackedAt),
          unackedExact: overview.inFlightExact,
        };
      }),
    peekMessages: (queue, limit) =>
      guard(async () => {
        if (!(await broker.queues()).includes(queue)) return null;
        const [messages, overview] = await Promise.all([broker.peek(queue, limit), broker.overview([queue])]);
        return { messages: messages.map((message) => toBrokerMessage(message)), waiting: overview.queues.get(queue)?.waiting ?? 0 };
      }),
    listSchedules: async () => [],
    getMetrics: async () => null,
    live: ingest ? createCeleryLive(ingest, listQueues, options.live, listWorkers) : undefined,
    async close() {
      await ingest?.stop();
      await index.close();
      for (const redis of new Set([brokerRedis, backendRedis, storeRedis])) redis.disconnect();
    },
  };
  return adapter;
}

function emptyCounts(): StateCounts {
  return Object.fromEntries(jobStates.map((state) => [state, 0])) as StateCounts;
}
