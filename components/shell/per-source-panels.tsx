'use client';
/**
 * One panel per configured source, for pages that gather one thing from every source (workers,
 * schedules). A source that is down, or cannot do `capability`, says so in its own panel only.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Capability } from '@/lib/adapters/types';
import { ApiError } from '@/lib/client/api';
import { useSources } from '@/lib/client/hooks';
import { sourceHref } from '@/lib/client/routes';
import type { SourceSummary } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';
import { ErrorBox } from '@/components/ui/error-box';
import { Panel } from '@/components/ui/panel';
import { QueryView } from '@/components/ui/query-view';

export function PerSourcePanels({
  capability,
  unsupported,
  only = null,
  children,
}: {
  capability: Capability;
  /** What a source without the capability shows instead. */
  unsupported: string;
  /** Show this source's panel only (a `?source=` filter); null for every source. */
  only?: string | null;
  children: (source: SourceSummary) => ReactNode;
}) {
  const sources = useSources();
  return (
    <QueryView query={sources} skeletonRows={6}>
      {(data) => {
        const shown = only === null ? data.sources : data.sources.filter((source) => source.id === only);
        return shown.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-sources">
            {only === null ? 'No sources configured.' : `No source called "${only}".`}
          </p>
        ) : (
          <div className="space-y-4">
            {shown.map((source) => (
              <Panel
                key={source.id}
                testId={`source-panel-${source.id}`}
                title={
                  <span className="flex flex-wrap items-center gap-2">
                    <Link href={sourceHref(source.id)} className="hover:underline">
                      {source.label}
                    </Link>
                    <Badge>{source.kind}</Badge>
                    {source.status === 'down' ? <Badge tone="red">down</Badge> : null}
                  </span>
                }
              >
                {source.status === 'down' ? (
                  <ErrorBox error={new ApiError('source_unavailable', source.error ?? 'the source does not answer', 503)} />
                ) : !source.capabilities.includes(capability) ? (
                  <p className="text-sm text-zinc-500 dark:text-zinc-400">{unsupported}</p>
                ) : (
                  children(source)
                )}
              </Panel>
            ))}
          </div>
        );
      }}
    </QueryView>
  );
}
