import type { ReactNode } from 'react';

/** The outcome of the last action, announced politely to screen readers. */
export function ActionStatus({
  message,
  children,
  testId = 'action-status',
}: {
  message: string | null;
  /** Follows the message (e.g. a link to the job an action made). */
  children?: ReactNode;
  testId?: string;
}) {
  if (!message) return null;
  return (
    <p
      role="status"
      data-testid={testId}
      className="text-sm text-emerald-800 dark:text-emerald-300"
    >
      {message}
      {children ? <> {children}</> : null}
    </p>
  );
}

export const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
