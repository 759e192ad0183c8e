import type { SourceSummary } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';

export function SourceStatusBadge({ source }: { source: SourceSummary }) {
  return source.status === 'up' ? (
    <Badge tone="green" testId="source-status">
      up
    </Badge>
  ) : (
    <Badge tone="red" testId="source-status">
      down
    </Badge>
  );
}
