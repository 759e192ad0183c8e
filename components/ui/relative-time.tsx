'use client';
import { formatTimestamp } from '@/lib/client/time-format';
import { useNow } from '@/components/ui/use-now';
import { useTimeFormat } from '@/components/ui/use-time-format';

/**
 * A timestamp read the way the operator chose (relative, absolute or both; see TimeFormatToggle),
 * the other form in the tooltip, and the machine-readable <time>. Server and hydrating browser
 * both render UTC (no clock, no zone, no stored choice yet); the local form follows at once.
 */
export function RelativeTime({ at, empty = '—' }: { at: number | null; empty?: string }) {
  const now = useNow();
  const format = useTimeFormat();
  if (at === null) return <span className="text-zinc-500 dark:text-zinc-400">{empty}</span>;
  const { text, title } = formatTimestamp(at, now === null ? null : Math.max(now, 0), format);
  return (
    <time dateTime={new Date(at).toISOString()} title={title} className="whitespace-nowrap">
      {text}
    </time>
  );
}
