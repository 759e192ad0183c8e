'use client';
import { useSyncExternalStore } from 'react';
import type { LiveStatus } from '@/lib/client/live';
import { liveFeed } from '@/lib/client/live';

const LOOK: Record<LiveStatus, { label: string; dot: string; title: string }> = {
  idle: { label: 'idle', dot: 'bg-zinc-400', title: 'Nothing on screen needs live updates' },
  connecting: { label: 'connecting', dot: 'bg-zinc-400 animate-pulse', title: 'Opening the live feed' },
  live: { label: 'live', dot: 'bg-emerald-500', title: 'Live: changes appear as they happen' },
  reconnecting: {
    label: 'reconnecting',
    dot: 'bg-amber-500 animate-pulse',
    title: 'Live feed lost; reconnecting. Data refreshes every few seconds meanwhile.',
  },
  offline: {
    label: 'offline',
    dot: 'bg-red-500',
    title: 'Live feed unavailable; data refreshes every few seconds.',
  },
};

/** The live feed's connection state, in the header of every page. */
export function LiveIndicator() {
  const status = useSyncExternalStore(liveFeed.subscribe, liveFeed.getStatus, () => 'idle' as const);
  const look = LOOK[status];
  return (
    <span
      className="inline-flex shrink-0 items-center gap-1.5 rounded-full whitespace-nowrap border border-zinc-200 px-2 py-0.5 text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-300"
      data-testid="live-indicator"
      data-status={status}
      title={look.title}
      role="status"
    >
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${look.dot}`} />
      {/* On a phone only the dot: the header must stay on one line whatever the word. */}
      <span className="sr-only sm:not-sr-only">{look.label}</span>
    </span>
  );
}
