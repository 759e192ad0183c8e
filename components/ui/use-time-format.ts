'use client';
import { useSyncExternalStore } from 'react';
import { DEFAULT_TIME_FORMAT, TIME_FORMAT_STORAGE_KEY, parseTimeFormat } from '@/lib/client/time-format';
import type { TimeFormat } from '@/lib/client/time-format';

const listeners = new Set<() => void>();

/** Where the choice lives when localStorage refuses it (private mode). */
let memory: TimeFormat | null = null;

function read(): TimeFormat {
  try {
    return parseTimeFormat(localStorage.getItem(TIME_FORMAT_STORAGE_KEY));
  } catch {
    return memory ?? DEFAULT_TIME_FORMAT;
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab changed it: follow, so every open page reads times one way.
  const onStorage = (event: StorageEvent) => {
    if (event.key === TIME_FORMAT_STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/**
 * The operator's choice of time format, from localStorage. The server (and so the hydrating
 * browser) renders the default; the stored choice applies on the render right after.
 */
export function useTimeFormat(): TimeFormat {
  return useSyncExternalStore(subscribe, read, () => DEFAULT_TIME_FORMAT);
}

export function setTimeFormat(format: TimeFormat) {
  memory = format;
  try {
    localStorage.setItem(TIME_FORMAT_STORAGE_KEY, format);
  } catch {
    // Private mode: the choice lasts until the page reloads.
  }
  listeners.forEach((notify) => notify());
}
