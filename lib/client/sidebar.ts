/** What the sidebar shows of a queue at a glance, and which queues its filter box keeps (pure). */
import type { Queue } from '@/lib/adapters/types';

export interface QueueGlance {
  /** Jobs queued up to run: waiting, prioritized, and those held by a pause. */
  waiting: number;
  active: number;
  failed: number;
  paused: boolean;
  /** The rate limiter holds the queue right now. */
  limited: boolean;
}

export function queueGlance(queue: Queue): QueueGlance {
  const count = (state: keyof Queue['counts']) => queue.counts[state] ?? 0;
  return {
    waiting: count('waiting') + count('prioritized') + count('paused'),
    active: count('active'),
    failed: count('failed'),
    paused: queue.paused,
    limited: queue.rateLimitedForMs > 0,
  };
}

/**
 * Whether the filter box keeps a queue: every word typed appears in its name or its source's
 * (so "main email" keeps main's email queues). Case does not matter; an empty filter keeps all.
 */
export function keepsQueue(filter: string, queue: string, source: { id: string; label: string }): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${queue} ${source.id} ${source.label}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** Path segments decoded once, so an encoded and a decoded pathname of one page compare equal. */
function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/** Whether `pathname` is the page at `href` or one under it (a queue's job pages light its queue). */
export function isAtOrUnder(pathname: string, href: string): boolean {
  const here = segmentsOf(pathname);
  const target = segmentsOf(href.split('?')[0]!);
  return target.length <= here.length && target.every((segment, index) => here[index] === segment);
}
