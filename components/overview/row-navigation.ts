'use client';
import { useRouter } from 'next/navigation';
import type { MouseEvent } from 'react';
import type { JobState } from '@/lib/client/types';

/**
 * A mouse click anywhere on a queue's row or card opens it — on the state whose count was clicked —
 * while the keyboard has one stop per queue, its name link. Clicks on a real control, with a
 * modifier key (the link itself serves "open in a new tab") or that end a text selection do nothing.
 */
export function useRowNavigation(hrefFor: (state: JobState | undefined) => string) {
  const router = useRouter();
  return (event: MouseEvent<HTMLElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const target = event.target as Element;
    if (target.closest('a, button, input, select, textarea, summary, [role="button"]')) return;
    if ((window.getSelection()?.toString() ?? '') !== '') return;
    const state = target.closest('[data-state]')?.getAttribute('data-state') ?? undefined;
    router.push(hrefFor(state as JobState | undefined));
  };
}
