'use client';
/**
 * After a control the worker acknowledged, read the worker again until what it says has changed
 * (a pool takes a moment to start or stop a process): up to `tries` re-reads, `everyMs` apart.
 * Answers whether it is still waiting, and whether it gave up with the old value still read.
 */
import { useEffect, useState } from 'react';

export function useReadBack<T>({
  current,
  refetch,
  tries = 5,
  everyMs = 1_000,
}: {
  /** The value read now (e.g. the pool's size); compared with the one read when the control was acknowledged. */
  current: T;
  refetch: () => unknown;
  tries?: number;
  everyMs?: number;
}) {
  const [pending, setPending] = useState<{ from: T; left: number } | null>(null);
  const changed = pending !== null && current !== pending.from;
  const waiting = pending !== null && !changed && pending.left > 0;
  const gaveUp = pending !== null && !changed && pending.left <= 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      setPending((last) => (last ? { from: last.from, left: last.left - 1 } : last));
      void refetch();
    }, everyMs);
    return () => clearTimeout(timer);
  }, [waiting, pending, refetch, everyMs]);
  return {
    waiting,
    gaveUp,
    /** The control was acknowledged while `from` was read: read again until it changes. */
    expectChange: (from: T) => setPending({ from, left: tries }),
  };
}
