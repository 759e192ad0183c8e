/** Example responses for the route table and the OpenAPI document; a unit test parses each one. */
import type {
  FlowNode,
  JobDetail,
  JobRow,
  Queue,
  QueueMetrics,
  Schedule,
  SourceMetrics,
  Timeline,
  WorkerList,
} from '@/lib/adapters/types';

const minute = 60_000;
const now = Date.UTC(2025, 0, 15, 12, 0, 0);

export const exampleQueue: Queue = {
  source: 'main',
  name: 'emails',
  counts: {
    waiting: 12,
    delayed: 3,
    prioritized: 0,
    active: 2,
    'waiting-children': 0,
    completed: 10_482,
    failed: 17,
    cancelled: 0,
    paused: 0,
  },
  paused: false,
  globalConcurrency: 4,
  rateLimit: { max: 100, durationMs: 1000 },
  rateLimitedForMs: 0,
  schedulerCount: 1,
  workerCount: 2,
  meta: { version: 'bullmq:6.7.0', prefix: 'bull' },
};

export const exampleMetrics: QueueMetrics = {
  completed: { points: [41, 38, 40], total: 10_482 },
  failed: { points: [1, 0, 2], total: 17 },
};

export const exampleSourceMetrics: SourceMetrics & { source: string } = {
  source: 'main',
  until: now,
  intervalMs: minute,
  queues: [
    {
      queue: 'emails',
      completed: { points: [41, 38, 40], total: 10_482 },
      failed: { points: [1, 0, 2], total: 17 },
    },
    { queue: 'images', completed: null, failed: null },
  ],
};

export const exampleJobRow: JobRow = {
  id: '1042',
  queue: 'emails',
  name: 'send-welcome',
  state: 'failed',
  nativeState: 'failed',
  createdAt: now - 5 * minute,
  processedAt: now - 5 * minute + 120,
  finishedAt: now - 5 * minute + 480,
  runAt: null,
  attemptsMade: 3,
  maxAttempts: 3,
  priority: null,
  progress: 40,
  failedReason: 'SMTP 451: try again later',
  dataBytes: 87,
};

export const exampleJobDetail: JobDetail = {
  ...exampleJobRow,
  data: {
    json: { to: 'ada@example.com', template: 'welcome' },
    text: '{"to":"ada@example.com","template":"welcome"}',
    bytes: 46,
    truncated: false,
  },
  opts: { attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
  returnValue: { json: null, text: null, bytes: 0, truncated: false },
  stacktrace: ['Error: SMTP 451: try again later\n    at send (/app/mailer.js:12:11)'],
  logCount: 2,
  parent: null,
  children: [],
  attempts: [
    {
      number: 1,
      startedAt: now - 5 * minute + 120,
      finishedAt: now - 5 * minute + 300,
      outcome: 'failed',
      error: 'SMTP 451: try again later',
    },
  ],
  processedBy: 'mailer-1',
  blockedBy: [],
  raw: { atm: '3', ats: '3', pb: 'mailer-1' },
};

export const exampleFlow: FlowNode = {
  queue: 'reports',
  id: 'r-1',
  name: 'monthly-report',
  state: 'waiting-children',
  children: [
    { queue: 'render', id: 'c-1', name: 'render-page', state: 'completed', children: [] },
    { queue: 'render', id: 'c-2', name: 'render-page', state: 'active', children: [] },
  ],
};

export const exampleTimeline: Timeline = {
  job: { queue: 'emails', id: '1042' },
  events: [
    {
      at: now - 5 * minute,
      type: 'added',
      title: 'Added',
      detail: null,
      status: 'info',
      child: null,
    },
    {
      at: now - 5 * minute + 120,
      type: 'attempt',
      title: 'Attempt 1 started',
      detail: null,
      status: 'running',
      child: null,
    },
    {
      at: now - 5 * minute + 480,
      type: 'failed',
      title: 'Failed',
      detail: 'SMTP 451: try again later',
      status: 'failure',
      child: null,
    },
  ],
};

export const exampleWorkers: WorkerList = {
  known: true,
  workers: [
    {
      id: '17',
      name: 'mailer-1',
      queues: ['emails'],
      address: '10.0.0.7:52144',
      ageSeconds: 3600,
      idleSeconds: 0,
      status: 'online',
    },
  ],
};

export const exampleSchedule: Schedule = {
  id: 'nightly-digest',
  queue: 'emails',
  name: 'digest',
  pattern: '0 3 * * *',
  everyMs: null,
  tz: 'Europe/Paris',
  nextRunAt: now + 15 * 60 * minute,
  iterations: 42,
  limit: null,
  template: { data: { kind: 'daily' } },
};
