'use client';
import { formatAbsolute, formatRelative } from '@/lib/client/format';
import { useNow } from '@/components/ui/use-now';

/** "5 min ago", with the exact local time in the tooltip and the machine-readable <time>. */
export function RelativeTime({ at, empty = '—' }: { at: number | null; empty?: string }) {
  const now = useNow();
  if (at === null) return <span className="text-zinc-400">{empty}</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={formatAbsolute(at)} className="whitespace-nowrap">
      {now === null ? formatAbsolute(at) : formatRelative(at, Math.max(now, 0))}
    </time>
  );
}
