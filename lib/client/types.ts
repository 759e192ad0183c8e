/** Types the UI shares, re-exported from the wire contract so components import one place. */
export type {
  ErrorCode,
  JobState,
  QueueResponse,
  SourceKind,
  SourceSummary,
  TimelineResponse,
  WorkersResponse,
} from '@/lib/api/schemas';
export type { FlowNode, JobDetail, JobRow, Payload, Queue, Schedule, TimelineEvent, Worker } from '@/lib/adapters/types';

export type PayloadFieldName = 'data' | 'returnValue';
