'use client';
import Link from 'next/link';
import { useTimeline } from '@/lib/client/hooks';
import { jobHref } from '@/lib/client/routes';
import type { TimelineEvent } from '@/lib/client/types';
import { QueryView } from '@/components/ui/query-view';
import { RelativeTime } from '@/components/ui/relative-time';

const dots: Record<TimelineEvent['status'], string> = {
  info: 'bg-zinc-400',
  running: 'bg-sky-500',
  success: 'bg-emerald-500',
  failure: 'bg-red-500',
  waiting: 'bg-violet-400',
};

/** `linkTo` says where an event's child opens (default: the job page; Celery: the task page). */
export function TimelineView({
  source,
  queue,
  job,
  linkTo = (ref) => jobHref(source, ref.queue, ref.id),
}: {
  source: string;
  queue: string;
  job: string;
  linkTo?: (ref: { queue: string; id: string }) => string;
}) {
  const timeline = useTimeline(source, queue, job);
  return (
    <QueryView query={timeline} skeletonRows={5}>
      {(data) =>
        data.events.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No events recorded.</p>
        ) : (
          <ol className="relative space-y-3 border-l border-zinc-200 pl-4 dark:border-zinc-800" data-testid="timeline">
            {data.events.map((event, index) => (
              <li key={index} className="relative" data-testid="timeline-event" data-type={event.type}>
                <span aria-hidden className={`absolute top-1.5 -left-[1.3rem] h-2.5 w-2.5 rounded-full ${dots[event.status]}`} />
                <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
                  <span className="font-medium">{event.title}</span>
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">
                    <RelativeTime at={event.at} />
                  </span>
                  {event.child ? (
                    <Link
                      href={linkTo(event.child)}
                      className="text-xs break-all text-sky-700 hover:underline dark:text-sky-400"
                    >
                      {event.child.queue} / {event.child.id}
                    </Link>
                  ) : null}
                </div>
                {event.detail ? (
                  <p className="mt-0.5 text-xs break-words whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">{event.detail}</p>
                ) : null}
              </li>
            ))}
          </ol>
        )
      }
    </QueryView>
  );
}
