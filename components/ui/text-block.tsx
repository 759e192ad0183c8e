'use client';
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * User data shown as TEXT in a <pre> (React escapes it; never parsed as HTML), collapsible,
 * with a copy button. Used for JSON payloads, options, stack traces and logs alike.
 */
export function TextBlock({
  label,
  text,
  testId,
  notice,
  defaultOpen = true,
}: {
  label: ReactNode;
  text: string;
  testId?: string;
  notice?: ReactNode;
  defaultOpen?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const bodyId = useId();
  return (
    <div className="min-w-0 rounded-md border border-zinc-200 dark:border-zinc-800" data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 bg-zinc-50 px-2 py-1 text-xs dark:border-zinc-800 dark:bg-zinc-900">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((value) => !value)}
          data-testid="collapse-toggle"
          className="font-medium hover:underline"
        >
          <span aria-hidden className="mr-1 inline-block w-3">
            {open ? '▾' : '▸'}
          </span>
          {label}
        </button>
        <CopyButton text={text} />
      </div>
      {notice}
      <pre
        id={bodyId}
        hidden={!open}
        data-testid="text-block-content"
        // Focusable, so a keyboard can scroll a long line sideways (WCAG 2.1.1).
        tabIndex={0}
        aria-label={typeof label === 'string' ? label : undefined}
        className="max-h-[32rem] overflow-auto rounded p-2 focus-visible:outline-2 focus-visible:outline-sky-600 font-mono text-xs leading-relaxed break-normal whitespace-pre"
      >
        {text}
      </pre>
    </div>
  );
}
