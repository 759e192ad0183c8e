'use client';
import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * True on the server and while React hydrates this component from server HTML; false on every
 * other render (React re-renders a hydrated component at once when the two snapshots differ).
 * Anything the server cannot know — cached data, the clock, localStorage — waits for false.
 */
export function useHydrating(): boolean {
  return useSyncExternalStore(
    never,
    () => false,
    () => true,
  );
}
