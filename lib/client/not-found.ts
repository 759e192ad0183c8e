/**
 * What a page about something that does not exist says, and where it sends the operator back to:
 * the nearest thing that does exist (an unknown queue → its source, an unknown job → its queue).
 * Pure: the gate in components/shell/exists-gate.tsx feeds it the lists it already has.
 */
import { overviewHref, queueHref, sourceHref, tasksHref } from './routes';

export interface PageSubject {
  source: string;
  queue?: string;
  job?: string;
}

export interface Missing {
  what: 'source' | 'queue' | 'job';
  /** The name that was asked for. */
  name: string;
  title: string;
  explanation: string;
  back: { href: string; label: string };
}

export interface KnownNames {
  /** Ids and labels of the configured sources. */
  sources: readonly { id: string; label: string }[];
  /** The source's queues as last listed; null when unknown (not loaded, or the source is down). */
  queues: readonly string[] | null;
}

const quoted = (name: string) => `“${name}”`;

/** Which part of `subject` is missing, given that the page's own read answered 404. */
export function missingPart(subject: PageSubject, known: KnownNames): Missing {
  const source = known.sources.find((entry) => entry.id === subject.source);
  if (!source)
    return {
      what: 'source',
      name: subject.source,
      title: `Source ${quoted(subject.source)} not found`,
      explanation: `No source with the id ${quoted(subject.source)} is configured.`,
      back: { href: overviewHref(), label: 'Back to the overview' },
    };
  const queueListed = subject.queue !== undefined && known.queues?.includes(subject.queue);
  if (subject.queue !== undefined && (subject.job === undefined || (known.queues !== null && !queueListed)))
    return {
      what: 'queue',
      name: subject.queue,
      title: `Queue ${quoted(subject.queue)} not found`,
      explanation: `${source.label} has no queue named ${quoted(subject.queue)}. It may have been removed, or the link is mistyped.`,
      back: { href: sourceHref(source.id), label: `Back to ${source.label}` },
    };
  if (subject.queue !== undefined && subject.job !== undefined)
    return {
      what: 'job',
      name: subject.job,
      title: `Job ${quoted(subject.job)} not found`,
      explanation: `Queue ${quoted(subject.queue)} has no job with the id ${quoted(subject.job)}. It may have been removed or cleaned, or the link is mistyped.`,
      back: { href: queueHref(source.id, subject.queue), label: `Back to ${subject.queue}` },
    };
  if (subject.job !== undefined)
    return {
      what: 'job',
      name: subject.job,
      title: `Task ${quoted(subject.job)} not found`,
      explanation: `${source.label} knows no task with the id ${quoted(subject.job)}: no event announced it and the result backend has no record of it, or retention has dropped it. The link may be mistyped.`,
      back: { href: tasksHref(source.id), label: `Back to the tasks of ${source.label}` },
    };
  // The source exists but its own read answered 404: it cannot list queues.
  return {
    what: 'source',
    name: subject.source,
    title: `Nothing to show for ${source.label}`,
    explanation: `${source.label} does not list queues.`,
    back: { href: overviewHref(), label: 'Back to the overview' },
  };
}
