'use client';
import Link from 'next/link';
import { ApiError } from '@/lib/client/api';
import { sourceHref } from '@/lib/client/routes';
import type { SourceSummary } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';
import { ErrorBox } from '@/components/ui/error-box';
import { Panel } from '@/components/ui/panel';
import { SourceQueues } from './source-queues';
import { SourceStatusBadge } from './source-status-badge';

/** One source on the overview: its queues, or why it cannot show them. */
export function SourcePanel({ source }: { source: SourceSummary }) {
  return (
    <Panel
      testId={`source-${source.id}`}
      title={
        <span className="flex flex-wrap items-center gap-2">
          <Link href={sourceHref(source.id)} className="hover:underline" data-testid="source-link">
            {source.label}
          </Link>
          <Badge>{source.kind}</Badge>
          <SourceStatusBadge source={source} />
          {source.readOnly ? <Badge tone="amber">read-only</Badge> : null}
        </span>
      }
      actions={
        source.label !== source.id ? <span className="text-xs text-zinc-500">id: {source.id}</span> : undefined
      }
    >
      {source.status === 'down' ? (
        <ErrorBox error={new ApiError('source_unavailable', source.error ?? 'the source does not answer', 503)} />
      ) : (
        <SourceQueues source={source.id} />
      )}
    </Panel>
  );
}
