'use client';
import { useQueue } from '@/lib/client/hooks';
import { DEFAULT_PAGE_SIZE, queueHref, stateView } from '@/lib/client/routes';
import type { QueueView } from '@/lib/client/routes';
import type { JobState } from '@/lib/client/types';
import { TabLinks } from '@/components/ui/tab-links';

const tabStates: JobState[] = [
  'waiting',
  'prioritized',
  'delayed',
  'active',
  'waiting-children',
  'paused',
  'completed',
  'failed',
  'cancelled',
];

/**
 * One tab per job state, with its count once the queue has loaded. `view` is null while the page
 * is still picking the state it opens on: no tab is selected yet.
 */
export function StateTabs({
  source,
  queue,
  view,
  panelId,
}: {
  source: string;
  queue: string;
  view: QueueView | null;
  panelId: string;
}) {
  const { data } = useQueue(source, queue);
  const counts = data?.queue.counts;
  // "cancelled" only exists for systems that cancel; show it when it has jobs or is selected.
  const states = tabStates.filter((state) => state !== 'cancelled' || (counts?.cancelled ?? 0) > 0 || view?.state === state);
  const base: QueueView = view ?? { state: 'waiting', cursors: [], limit: DEFAULT_PAGE_SIZE };
  return (
    <TabLinks
      label="Job states"
      testId="state-tabs"
      current={view?.state ?? null}
      panelId={panelId}
      tabs={states.map((state) => ({
        key: state,
        label: state,
        href: queueHref(source, queue, stateView(base, state)),
        count: counts?.[state],
      }))}
    />
  );
}
