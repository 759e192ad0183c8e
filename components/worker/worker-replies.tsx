/**
 * What the workers answered to a control, said per worker: `ok` and `error` replies as text, and
 * the workers that did not answer by the deadline by name (never a silent success).
 */
import type { WorkerControlResponse } from '@/lib/api/schemas';
import { ActionStatus } from '@/components/ui/action-status';

type Replies = Pick<WorkerControlResponse, 'replies' | 'noReply' | 'deadlineMs'>;

function replyText(reply: unknown): { text: string; failed: boolean } {
  if (reply && typeof reply === 'object') {
    const { ok, error } = reply as { ok?: unknown; error?: unknown };
    if (typeof error === 'string') return { text: error, failed: true };
    if (typeof ok === 'string') return { text: ok, failed: false };
  }
  return { text: JSON.stringify(reply), failed: false };
}

/** One line per worker; a warning when any refused or did not answer. */
export function WorkerRepliesStatus({ answer, testId = 'control-replies' }: { answer: Replies | null; testId?: string }) {
  if (!answer) return null;
  const lines = Object.entries(answer.replies).map(([worker, reply]) => ({ worker, ...replyText(reply) }));
  const silent = answer.noReply;
  const warning = silent.length > 0 || lines.some((line) => line.failed) || lines.length === 0;
  const message = [
    ...lines.map((line) => `${line.worker}: ${line.failed ? 'refused — ' : ''}${line.text}`),
    ...(silent.length ? [`No answer within ${answer.deadlineMs / 1000} s from ${silent.join(', ')}.`] : []),
    ...(lines.length === 0 && silent.length === 0 ? ['No worker was addressed (none online).'] : []),
  ].join(' · ');
  return <ActionStatus message={message} tone={warning ? 'warning' : 'success'} testId={testId} />;
}
