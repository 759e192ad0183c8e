'use client';
/**
 * "Go to job <id>" without knowing its queue (or its source): asks every source that can look a
 * job up (`GET /sources/{s}/jobs/{id}`, capability `jobLookup`) at once and goes to the first
 * source's answer in the configured order. Used by the command palette and the go-to-job box.
 */
import { useMutation } from '@tanstack/react-query';
import { JobLookupResponse } from '@/lib/api/schemas';
import type { SourceSummary } from '@/lib/api/schemas';
import { apiPath, fetchJson, isApiError } from './api';
import { jobOrTaskHref } from './routes';

/** What asking one source answered. */
export type SourceAnswer =
  /** `kind` picks the page: a Celery task opens on its task page. */
  | { source: string; outcome: 'found'; queue: string; id: string; kind?: string }
  | { source: string; outcome: 'missing' }
  | { source: string; outcome: 'unavailable'; message: string };

export type JobLookup =
  | { found: true; href: string; source: string; queue: string; id: string }
  | { found: false; id: string; message: string };

/** The sources worth asking: those that can look a job up (one marked down is asked too: it may be back). */
export const lookupSources = (sources: readonly SourceSummary[]) =>
  sources.filter((source) => source.capabilities.includes('jobLookup'));

/** The answers of every source → where to go, or a sentence saying why nowhere (pure). */
export function lookupOutcome(id: string, answers: readonly SourceAnswer[]): JobLookup {
  const hit = answers.find((answer) => answer.outcome === 'found');
  if (hit?.outcome === 'found')
    return { found: true, href: jobOrTaskHref(hit.kind, hit.source, hit.queue, hit.id), source: hit.source, queue: hit.queue, id: hit.id };
  if (answers.length === 0) return { found: false, id, message: 'No source can look jobs up by id.' };
  const silent = answers.filter((answer) => answer.outcome === 'unavailable').map((answer) => answer.source);
  const answered = answers.filter((answer) => answer.outcome === 'missing').map((answer) => answer.source);
  const didNotAnswer = `${silent.join(', ')} did not answer`;
  let message: string;
  if (silent.length === 0) message = `Job “${id}” not found in any source.`;
  else if (answered.length === 0) message = `Could not look for job “${id}”: ${didNotAnswer}.`;
  else message = `Job “${id}” not found in ${answered.join(', ')}; ${didNotAnswer}.`;
  return { found: false, id, message };
}

async function askSource(summary: SourceSummary, id: string, signal?: AbortSignal): Promise<SourceAnswer> {
  const source = summary.id;
  try {
    const { ref } = await fetchJson(apiPath(['sources', source, 'jobs', id]), JobLookupResponse, { signal });
    return { source, outcome: 'found', queue: ref.queue, id: ref.id, kind: summary.kind };
  } catch (error) {
    if (isApiError(error, 'not_found')) return { source, outcome: 'missing' };
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { source, outcome: 'unavailable', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Ask every source in `sources` for job `id` (in parallel) and say where it is. */
export async function findJob(sources: readonly SourceSummary[], id: string, signal?: AbortSignal): Promise<JobLookup> {
  const answers = await Promise.all(lookupSources(sources).map((source) => askSource(source, id, signal)));
  return lookupOutcome(id, answers);
}

/** `find(id)` looks the job up; the result (or the sentence why not) is in `data`. */
export function useJobFinder(sources: readonly SourceSummary[] | undefined) {
  return useMutation({
    mutationKey: ['find-job'],
    mutationFn: (id: string) => findJob(sources ?? [], id),
  });
}
