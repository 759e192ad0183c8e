'use client';
import Link from 'next/link';
import { Fragment } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '@/lib/client/api';
import type { OverviewFilter } from '@/lib/client/overview-filter';
import { sourceHref } from '@/lib/client/routes';
import type { SourceSummary } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';
import { ErrorBox } from '@/components/ui/error-box';
import { Panel } from '@/components/ui/panel';
import { SourceKindBadge } from '@/components/ui/source-kind-badge';
import { SourceQueues } from './source-queues';
import { SourceStatusBadge } from './source-status-badge';

/** Parts of a heading read as "Main Redis · BullMQ · up", not run together. */
function Separated({ parts }: { parts: ReactNode[] }) {
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 ? (
        <>
          {' '}
          <span aria-hidden="true" className="text-zinc-500 dark:text-zinc-400">
            ·
          </span>{' '}
        </>
      ) : null}
      {part}
    </Fragment>
  ));
}

/** One source on the overview: its queues (those matching the filter), or why it cannot show them. */
export function SourcePanel({
  source,
  filter = 'all',
}: {
  source: SourceSummary;
  filter?: OverviewFilter;
}) {
  return (
    <Panel
      testId={`source-${source.id}`}
      title={
        <span className="flex flex-wrap items-center gap-x-1 gap-y-1" data-testid="source-heading">
          <Separated
            parts={[
              <Link
                key="label"
                href={sourceHref(source.id)}
                className="hover:underline"
                data-testid="source-link"
              >
                {source.label}
              </Link>,
              <SourceKindBadge key="kind" kind={source.kind} />,
              <SourceStatusBadge key="status" source={source} />,
              ...(source.readOnly
                ? [
                    <Badge key="read-only" tone="amber">
                      read-only
                    </Badge>,
                  ]
                : []),
            ]}
          />
        </span>
      }
      actions={
        source.label !== source.id ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">id: {source.id}</span>
        ) : undefined
      }
    >
      {source.status === 'down' ? (
        <ErrorBox
          error={
            new ApiError('source_unavailable', source.error ?? 'the source does not answer', 503)
          }
        />
      ) : (
        <SourceQueues source={source.id} filter={filter} />
      )}
    </Panel>
  );
}
