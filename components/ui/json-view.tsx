'use client';
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { prettyJson } from '@/lib/client/format';
import { CopyButton } from '@/components/ui/copy-button';
import { JsonTree } from '@/components/ui/json-tree';

type Mode = 'tree' | 'text';

const modeButton = (active: boolean) =>
  `px-2 py-0.5 ${active ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`;

/**
 * A parsed JSON value in a titled box: as a tree (search, copy-path) or as pretty-printed text,
 * with a copy button for the whole. Both are text, never HTML.
 */
export function JsonView({
  label,
  value,
  rootName,
  notice,
  testId,
}: {
  label: ReactNode;
  value: unknown;
  /** Where copied paths start, e.g. `data` → `data.items[3].sku`. */
  rootName: string;
  notice?: ReactNode;
  testId?: string;
}) {
  const [mode, setMode] = useState<Mode>('tree');
  // Pretty-printing a megabyte takes a moment: only when the text is shown or copied.
  const text = useMemo(() => (mode === 'text' ? prettyJson(value) : null), [mode, value]);
  return (
    <div className="min-w-0 rounded-md border border-zinc-200 dark:border-zinc-800" data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 bg-zinc-50 px-2 py-1 text-xs dark:border-zinc-800 dark:bg-zinc-900">
        <span className="font-medium">{label}</span>
        <span className="flex items-center gap-2">
          <span role="group" aria-label="Show as" className="inline-flex overflow-hidden rounded border border-zinc-300 dark:border-zinc-700">
            <button type="button" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')} className={modeButton(mode === 'tree')} data-testid="json-mode-tree">
              Tree
            </button>
            <button type="button" aria-pressed={mode === 'text'} onClick={() => setMode('text')} className={modeButton(mode === 'text')} data-testid="json-mode-text">
              Text
            </button>
          </span>
          {/* Built when pressed: pretty-printing a megabyte on every render would be wasted. */}
          <CopyButton text={() => prettyJson(value)} />
        </span>
      </div>
      {notice}
      <div className="p-2">
        {mode === 'tree' ? (
          <JsonTree value={value} rootName={rootName} />
        ) : (
          <pre data-testid="text-block-content" className="max-h-[32rem] overflow-auto font-mono text-xs leading-relaxed whitespace-pre">
            {text}
          </pre>
        )}
      </div>
    </div>
  );
}
