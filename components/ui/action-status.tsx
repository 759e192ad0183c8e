import type { ReactNode } from 'react';

export type ActionTone = 'success' | 'warning';

const tones: Record<ActionTone, string> = {
  success: 'text-emerald-800 dark:text-emerald-300',
  warning:
    'rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200',
};

/**
 * The outcome of the last action, announced politely to screen readers. `warning`: the request
 * went through but did not have its effect (e.g. a cancel no worker acknowledged) — never green.
 */
export function ActionStatus({
  message,
  children,
  tone = 'success',
  testId = 'action-status',
}: {
  message: string | null;
  /** Follows the message (e.g. a link to the job an action made). */
  children?: ReactNode;
  tone?: ActionTone;
  testId?: string;
}) {
  if (!message) return null;
  return (
    <p role="status" data-testid={testId} data-tone={tone} className={`text-sm ${tones[tone]}`}>
      {tone === 'warning' ? (
        <span aria-hidden className="mr-1">
          ⚠
        </span>
      ) : null}
      {message}
      {children ? <> {children}</> : null}
    </p>
  );
}

export const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
