'use client';
import { ErrorBox } from '@/components/ui/error-box';

/** Last resort for a page that failed to render; widgets normally catch their own errors. */
export default function UiError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <div className="space-y-3">
      <ErrorBox error={error} title="This page failed to render" />
      <button
        type="button"
        onClick={reset}
        className="rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Try again
      </button>
    </div>
  );
}
