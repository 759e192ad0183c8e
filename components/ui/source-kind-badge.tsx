import type { SourceKind } from '@/lib/client/types';
import { Badge } from '@/components/ui/badge';

/** How each job system spells its own name. */
export const sourceKindLabels: Record<SourceKind, string> = {
  bullmq: 'BullMQ',
  celery: 'Celery',
  temporal: 'Temporal',
};

export function SourceKindBadge({ kind }: { kind: SourceKind }) {
  return <Badge testId="source-kind">{sourceKindLabels[kind]}</Badge>;
}
