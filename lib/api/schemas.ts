/**
 * The REST wire contract. Request parsing (server), response parsing (browser client)
 * and the OpenAPI document are all derived from these schemas; no hand-written twins.
 * Pure module: safe in the browser bundle.
 */
import { z } from 'zod';
import {
  Capability,
  FlowNode,
  JobDetail,
  JobPage,
  JobRef,
  JobState,
  LogPage,
  Payload,
  Queue,
  QueueMetrics,
  Schedule,
  SourceKind,
  Timeline,
  WorkerList,
  jobVerbs,
} from '@/lib/adapters/types';

export {
  Capability,
  FlowNode,
  JobDetail,
  JobPage,
  JobRef,
  JobState,
  LogPage,
  Payload,
  Queue,
  QueueMetrics,
  Schedule,
  SourceKind,
  Timeline,
  WorkerList,
};

// ---- errors ---------------------------------------------------------------

export const errorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'unsupported',
  'conflict',
  'payload_too_large',
  'source_unavailable',
  'internal',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorEnvelope = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

// ---- path and query parameters -------------------------------------------

/** Path segments arrive URL-decoded; queue names may contain "/", spaces and ":". */
export const SourceParams = z.object({ source: z.string().min(1).max(200) });
export const QueueParams = SourceParams.extend({ queue: z.string().min(1).max(1000) });
export const JobParams = QueueParams.extend({ job: z.string().min(1).max(1000) });
export const SourceJobParams = SourceParams.extend({ job: z.string().min(1).max(1000) });
export const PayloadParams = JobParams.extend({ field: z.enum(['data', 'returnValue']) });

export const ListJobsQuery = z.object({
  state: JobState.default('waiting'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    // Temporal's cursors carry the server's page token, which may be a few hundred bytes.
    .max(4_096)
    .optional()
    .transform((value) => value || undefined),
});
export type ListJobsQuery = z.infer<typeof ListJobsQuery>;

export const LogsQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const TimelineQuery = z.object({
  /** BullMQ job ids are per queue: name the queue when the id exists in several. */
  queue: z.string().min(1).max(1000).optional(),
});

// ---- responses ------------------------------------------------------------

export const SourceStatus = z.enum(['up', 'down']);

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  time: z.string(),
  sources: z.array(
    z.object({
      id: z.string(),
      kind: SourceKind,
      status: SourceStatus,
      error: z.string().optional(),
    }),
  ),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const JobVerb = z.enum(jobVerbs);
export type JobVerb = z.infer<typeof JobVerb>;

export const SourceSummary = z.object({
  id: z.string(),
  kind: SourceKind,
  label: z.string(),
  status: SourceStatus,
  readOnly: z.boolean(),
  /**
   * What the source can read (`queues`, `workers`, ...) and the actions it has, as `<group>.<verb>`
   * (`job.retry`, `taskType.rateLimit`, `worker.poolGrow`): every other route answers 409 unsupported.
   */
  capabilities: z.array(Capability),
  /** For each job verb the source has, the job states it applies in. */
  jobActionStates: z.partialRecord(JobVerb, z.array(JobState)).default({}),
  error: z.string().optional(),
});
export type SourceSummary = z.infer<typeof SourceSummary>;

export const SourcesResponse = z.object({ sources: z.array(SourceSummary) });
export type SourcesResponse = z.infer<typeof SourcesResponse>;

export const SourceResponse = z.object({ source: SourceSummary });
export type SourceResponse = z.infer<typeof SourceResponse>;

export const QueuesResponse = z.object({ source: z.string(), queues: z.array(Queue) });
export type QueuesResponse = z.infer<typeof QueuesResponse>;

export const QueueResponse = z.object({ queue: Queue, metrics: QueueMetrics.nullable() });
export type QueueResponse = z.infer<typeof QueueResponse>;

export const JobsResponse = JobPage;
export type JobsResponse = z.infer<typeof JobsResponse>;

export const JobResponse = z.object({ job: JobDetail });
export type JobResponse = z.infer<typeof JobResponse>;

export const JobLookupResponse = z.object({ ref: JobRef, job: JobDetail });
export type JobLookupResponse = z.infer<typeof JobLookupResponse>;

export const LogsResponse = LogPage;
export const PayloadResponse = Payload;
export const FlowResponse = z.object({ flow: FlowNode });
export const TimelineResponse = Timeline;
export type TimelineResponse = z.infer<typeof TimelineResponse>;
export const WorkersResponse = WorkerList;
export type WorkersResponse = z.infer<typeof WorkersResponse>;
export const SchedulesResponse = z.object({ schedules: z.array(Schedule) });
export type SchedulesResponse = z.infer<typeof SchedulesResponse>;
export * from './schemas-actions';
export * from './schemas-limits';
export * from './schemas-dead-letters';
export * from './schemas-metrics';
export * from './schemas-workflows';
export * from './schemas-workers';
export * from './schemas-tasks';
export * from './schemas-broker';
