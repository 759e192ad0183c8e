'use client';
import { useSyncExternalStore } from 'react';

const TICK_MS = 10_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * The clock to the second: stable within a second (as useSyncExternalStore needs), yet fresh whenever
 * a component re-renders for another reason — a row that arrives live between two ticks must not
 * read "in 2 s" against a clock frozen at the last tick.
 */
function currentSecond(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => listeners.forEach((notify) => notify()), TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The current time, shared by every relative timestamp and re-read every 10 s; null on the server
 * and while hydrating (React uses the server snapshot then), so the first render matches the HTML.
 */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, currentSecond, () => null);
}
