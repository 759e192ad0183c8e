/** How a job page reads (pure): which tabs have content, which it opens on, durations, attempt numbers. */
import { jobTabs } from './routes';
import type { JobTab } from './routes';
import type { JobDetail, Payload } from './types';

/** A payload worth a tab: something was stored, and it is not a bare `null`. */
export function hasPayload(payload: Payload): boolean {
  if (payload.text === null) return false;
  return payload.truncated || payload.text.trim() !== 'null';
}

export function hasFailure(job: JobDetail): boolean {
  return job.failedReason !== null || job.stacktrace.length > 0;
}

const hasContent: Record<JobTab, (job: JobDetail) => boolean> = {
  data: (job) => hasPayload(job.data),
  options: () => true,
  logs: (job) => job.logCount > 0,
  // A completed job may keep the reason of an earlier failed attempt: still worth reading.
  error: hasFailure,
  return: (job) => hasPayload(job.returnValue),
  timeline: () => true,
  flow: (job) => job.parent !== null || job.children.length > 0,
};

/** The tabs that have something to show, in their usual order. */
export function jobTabsFor(job: JobDetail): JobTab[] {
  return jobTabs.filter((tab) => hasContent[tab](job));
}

/** The asked-for tab when it has content; otherwise failed jobs open on their error, the rest on data. */
export function openJobTab(job: JobDetail, asked: JobTab | null): JobTab {
  const tabs = jobTabsFor(job);
  if (asked && tabs.includes(asked)) return asked;
  if (job.state === 'failed' && tabs.includes('error')) return 'error';
  return tabs.includes('data') ? 'data' : 'options';
}

/** Milliseconds from `from` to `to`, or null when either is unknown or they run backwards. */
export function span(from: number | null, to: number | null): number | null {
  if (from === null || to === null || to < from) return null;
  return to - from;
}

/**
 * The attempt each recorded stack trace belongs to. BullMQ pushes one trace per failed attempt,
 * newest last, and keeps only the newest `stackTraceLimit`; every finished attempt failed except a
 * completed job's last one.
 */
export function stackTraceAttempts(job: JobDetail): number[] {
  const failedAttempts = job.state === 'completed' ? Math.max(0, job.attemptsMade - 1) : job.attemptsMade;
  const count = job.stacktrace.length;
  const first = Math.max(1, failedAttempts - count + 1);
  return job.stacktrace.map((_, index) => first + index);
}
