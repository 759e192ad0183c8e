/**
 * A BullMQ job's history, rebuilt from its hash (pure). BullMQ keeps no per-attempt record: it has
 * `atm` (attempts made), `ats` (attempts started), the last attempt's processedOn/finishedOn and one
 * stacktrace entry per failed attempt (capped by stackTraceLimit), so earlier attempts carry their
 * error but no times.
 */
import type { Attempt, JobDetail, JobRef, JobState, TimelineEvent } from '../types';

type Fields = Readonly<Record<string, string | undefined>>;

const ERROR_CHARS = 300;

export interface AttemptsInput {
  state: JobState;
  fields: Fields;
  stacktrace: readonly string[];
}

export function toAttempts({ state, fields, stacktrace }: AttemptsInput): Attempt[] {
  const made = Math.max(0, num(fields.atm) ?? num(fields.attemptsMade) ?? 0);
  const started = Math.max(
    num(fields.ats) ?? 0,
    made,
    state === 'active' ? made + 1 : 0,
    fields.processedOn ? 1 : 0,
  );
  if (started === 0) return [];
  // Every finished attempt failed except a completed job's last one.
  const failedAttempts = state === 'completed' ? Math.max(0, made - 1) : made;
  const errors = new Map<number, string>();
  // The newest stack entries belong to the newest failed attempts.
  const kept = failedAttempts > 0 ? stacktrace.slice(-failedAttempts) : [];
  kept.forEach((stack, index) =>
    errors.set(failedAttempts - kept.length + 1 + index, firstLine(stack)),
  );
  const attempts: Attempt[] = [];
  for (let number = 1; number <= started; number++) {
    const last = number === started;
    const failed = number <= failedAttempts;
    let outcome: Attempt['outcome'] = failed ? 'failed' : 'unknown';
    if (last && state === 'completed') outcome = 'completed';
    else if (last && state === 'failed') outcome = 'failed';
    else if (last && state === 'active') outcome = 'running';
    const finished = last && (state === 'completed' || state === 'failed');
    attempts.push({
      number,
      startedAt: last ? time(fields.processedOn) : null,
      finishedAt: finished ? time(fields.finishedOn) : null,
      outcome,
      error:
        outcome === 'failed'
          ? (errors.get(number) ?? (last ? cut(fields.failedReason) : null))
          : null,
    });
  }
  return attempts;
}

/** A flow child as the timeline shows it. */
export interface ChildSummary {
  ref: JobRef;
  name: string;
  state: JobState | null;
  createdAt: number | null;
  finishedAt: number | null;
}

export function toTimelineEvents(
  job: JobDetail,
  children: readonly ChildSummary[],
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const push = (event: Omit<TimelineEvent, 'child'> & { child?: JobRef | null }) =>
    events.push({ ...event, child: event.child ?? null });

  push({
    at: job.createdAt,
    type: 'added',
    title: 'Added',
    detail: job.name || null,
    status: 'info',
  });

  const delayMs = num(job.raw.delay) ?? 0;
  if (job.state === 'delayed' || (delayMs > 0 && job.attempts.length === 0)) {
    const until = job.runAt ?? (job.createdAt !== null ? job.createdAt + delayMs : null);
    push({
      at: job.attemptsMade > 0 ? null : job.createdAt,
      type: 'delayed',
      title: job.attemptsMade > 0 ? 'Retry scheduled' : 'Delayed',
      detail: until !== null ? `until ${new Date(until).toISOString()}` : null,
      status: 'waiting',
    });
  }

  if (children.length > 0 || job.state === 'waiting-children') {
    push({
      at: job.createdAt,
      type: 'waiting-children',
      title: `${job.state === 'waiting-children' ? 'Waiting for' : 'Flow of'} ${children.length} ${children.length === 1 ? 'child' : 'children'}`,
      detail: null,
      status: 'waiting',
    });
  }
  for (const child of children) {
    push({
      at: child.finishedAt ?? child.createdAt,
      type: 'child',
      title: `Child ${child.name || child.ref.id} ${child.state ?? 'not found'}`,
      detail: `${child.ref.queue} / ${child.ref.id}`,
      status: statusOfState(child.state),
      child: child.ref,
    });
  }

  const lastAttempt = job.attempts.at(-1);
  for (const attempt of job.attempts) {
    push({
      at: attempt.startedAt,
      type: 'attempt-started',
      title: `Attempt ${attempt.number} started`,
      detail: null,
      status: attempt.outcome === 'running' ? 'running' : 'info',
    });
    // The final outcome gets its own event below.
    const final = attempt === lastAttempt && (job.state === 'completed' || job.state === 'failed');
    if (attempt.outcome === 'failed' && !final) {
      push({
        at: attempt.finishedAt,
        type: 'attempt-failed',
        title: `Attempt ${attempt.number} failed`,
        detail: attempt.error,
        status: 'failure',
      });
    }
  }

  if (job.progress !== 0 && job.progress !== null) {
    push({
      at: null,
      type: 'progress',
      title: 'Progress',
      detail: JSON.stringify(job.progress),
      status: 'info',
    });
  }
  if (job.logCount > 0) {
    push({
      at: null,
      type: 'logs',
      title: `${job.logCount} log ${job.logCount === 1 ? 'line' : 'lines'}`,
      detail: null,
      status: 'info',
    });
  }

  if (job.state === 'completed') {
    push({
      at: job.finishedAt,
      type: 'completed',
      title: 'Completed',
      detail: cut(job.returnValue.text ?? undefined),
      status: 'success',
    });
  } else if (job.state === 'failed') {
    push({
      at: job.finishedAt,
      type: 'failed',
      title: 'Failed',
      detail: cut(job.failedReason ?? undefined),
      status: 'failure',
    });
  }
  return orderByTime(events);
}

/**
 * Stable order by time. Events without a time (earlier attempts, progress) keep their place after the
 * event built before them, so the story stays in causal order.
 */
export function orderByTime(events: readonly TimelineEvent[]): TimelineEvent[] {
  let previous = Number.NEGATIVE_INFINITY;
  const keyed = events.map((event, index) => {
    if (event.at !== null) previous = Math.max(previous, event.at);
    return { event, index, key: event.at ?? previous };
  });
  keyed.sort((a, b) => a.key - b.key || a.index - b.index);
  return keyed.map(({ event }) => event);
}

export function statusOfState(state: JobState | null): TimelineEvent['status'] {
  switch (state) {
    case 'completed':
      return 'success';
    case 'failed':
    case 'cancelled':
      return 'failure';
    case 'active':
      return 'running';
    case null:
      return 'info';
    default:
      return 'waiting';
  }
}

function firstLine(text: string): string {
  return cut(text.split('\n', 1)[0]) ?? '';
}

function cut(text: string | undefined): string | null {
  if (!text) return null;
  return text.length > ERROR_CHARS ? `${text.slice(0, ERROR_CHARS - 1)}…` : text;
}

function num(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? Math.trunc(value) : null;
}

function time(text: string | undefined): number | null {
  const value = num(text);
  return value !== null && value > 0 ? value : null;
}
