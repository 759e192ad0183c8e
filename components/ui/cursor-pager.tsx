'use client';
import { useRouter } from 'next/navigation';
import { ControlButton } from '@/components/ui/control-button';

/**
 * "← Newer / Older →" over a cursor-paged list whose page lives in the URL: `cursors` is the stack
 * that led to the page shown, `hrefFor` the link of another stack. Test ids `<testId>-prev|next`.
 */
export function CursorPager({
  cursors,
  nextCursor,
  loading,
  hrefFor,
  testId,
  className = 'flex justify-end gap-2',
}: {
  cursors: readonly string[];
  nextCursor: string | null;
  /** The page shown is the previous one kept while the next loads: no "older" yet. */
  loading: boolean;
  hrefFor: (cursors: readonly string[]) => string;
  testId: string;
  className?: string;
}) {
  const router = useRouter();
  const go = (next: readonly string[]) => router.push(hrefFor(next), { scroll: false });
  return (
    <div className={className}>
      <ControlButton
        disabled={cursors.length === 0}
        onClick={() => go(cursors.slice(0, -1))}
        data-testid={`${testId}-prev`}
      >
        ← Newer
      </ControlButton>
      <ControlButton
        disabled={!nextCursor || loading}
        onClick={() => nextCursor && go([...cursors, nextCursor])}
        data-testid={`${testId}-next`}
      >
        Older →
      </ControlButton>
    </div>
  );
}
