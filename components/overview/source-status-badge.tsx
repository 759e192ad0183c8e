import type { SourceSummary } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';

/** Whether the source answers, in a word, with a dot of the same colour for a glance. */
export function SourceStatusBadge({ source }: { source: SourceSummary }) {
  const up = source.status === 'up';
  return (
    <span title={up ? 'the source answers' : (source.error ?? 'the source does not answer')}>
      <Badge tone={up ? 'green' : 'red'} testId="source-status">
        <span
          aria-hidden="true"
          className={`mr-1 inline-block size-1.5 rounded-full ${up ? 'bg-emerald-500' : 'bg-red-500'}`}
        />
        {up ? 'up' : 'down'}
      </Badge>
    </span>
  );
}
