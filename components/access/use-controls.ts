'use client';
import { useQuery } from '@/lib/client/use-query';
import { useSources } from '@/lib/client/hooks';
import { resourceQuery, resources } from '@/lib/client/resources';
import { noRefresh } from '@/lib/client/refresh';
import type { Controls } from '@/components/access/permissions';
import { controlsFor } from '@/components/access/permissions';

export type { Controls } from '@/components/access/permissions';

/** Who the server takes this browser for; fetched once per page load (a role does not change). */
export function useMe() {
  return useQuery({ ...resourceQuery(resources.me()), ...noRefresh });
}

/**
 * Which controls a source allows (see permissions.ts): none while read-only (the API would answer
 * 403), while the source or the principal is unknown, or above the principal's role; and only those
 * its adapter declares (the API would answer 409 unsupported).
 */
export function useControls(source: string): Controls {
  const { data } = useSources();
  const me = useMe();
  return controlsFor(
    data?.sources.find((candidate) => candidate.id === source),
    me.data,
  );
}
