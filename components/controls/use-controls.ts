'use client';
import { useSources } from '@/lib/client/hooks';
import type { Capability } from '@/lib/api/schemas';

export interface Controls {
  /** The source summary has loaded; until then every control stays hidden. */
  ready: boolean;
  readOnly: boolean;
  /** The source is writable and its adapter can do this. */
  can: (capability: Capability) => boolean;
  /** The adapter can do this, writable or not (reads such as search). */
  has: (capability: Capability) => boolean;
}

/**
 * Which controls a source allows: none while read-only (the API would answer 403) or while its
 * summary is unknown, and only those its adapter declares (the API would answer 409 unsupported).
 */
export function useControls(source: string): Controls {
  const { data } = useSources();
  const summary = data?.sources.find((candidate) => candidate.id === source);
  const writable = summary !== undefined && !summary.readOnly;
  return {
    ready: summary !== undefined,
    readOnly: summary?.readOnly ?? false,
    can: (capability) => writable && summary.capabilities.includes(capability),
    has: (capability) => summary?.capabilities.includes(capability) ?? false,
  };
}
