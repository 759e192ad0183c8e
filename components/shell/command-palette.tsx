'use client';
/**
 * Ctrl/⌘-K: jump to any page, source or queue by typing part of its name, or to a job by its id
 * (looked up in every source). A modal <dialog> (focus stays inside, Escape closes, focus returns
 * where it was) holding an ARIA combobox: the input owns a listbox, arrows move the active option,
 * Enter takes it.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useQueuesOfSources, useSources } from '@/lib/client/hooks';
import { useJobFinder } from '@/lib/client/job-lookup';
import { paletteItems } from '@/lib/client/palette';
import type { PaletteItem, PaletteSource } from '@/lib/client/palette';

const kindLabels: Record<PaletteItem['kind'], string> = { page: 'Page', source: 'Source', queue: 'Queue', job: 'Job' };

function PaletteBody({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const sources = useSources();
  const list = useMemo(() => sources.data?.sources ?? [], [sources.data]);
  const upIds = useMemo(() => list.filter((source) => source.status === 'up').map((source) => source.id), [list]);
  const queueLists = useQueuesOfSources(upIds);
  const finder = useJobFinder(list);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const listboxId = useId();
  const optionId = (index: number) => `${listboxId}-option-${index}`;

  const catalog: PaletteSource[] = list.map((source) => {
    const index = upIds.indexOf(source.id);
    const queues = index >= 0 ? queueLists[index]?.data?.queues.map((queue) => queue.name) ?? null : null;
    return { id: source.id, label: source.label, kind: source.kind, queues };
  });
  const items = paletteItems(catalog, text);
  const current = Math.min(active, Math.max(items.length - 1, 0));

  useEffect(() => {
    document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  });

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    if (item.href) {
      router.push(item.href);
      onDone();
      return;
    }
    if (item.jobId && !finder.isPending)
      finder.mutate(item.jobId, {
        onSuccess: (result) => {
          if (!result.found) return;
          router.push(result.href);
          onDone();
        },
      });
  };

  const outcome = finder.data;
  const status = finder.isPending
    ? `Looking for job “${finder.variables}”…`
    : outcome && !outcome.found
      ? outcome.message
      : finder.error
        ? finder.error.message
        : '';

  return (
    <>
      <input
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listboxId}
        aria-autocomplete="list"
        aria-activedescendant={items.length > 0 ? optionId(current) : undefined}
        aria-label="Jump to a page, a queue, or a job by id"
        placeholder="Jump to a queue, or type a job id…"
        autoComplete="off"
        spellCheck={false}
        value={text}
        data-testid="palette-input"
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          finder.reset();
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            if (items.length === 0) return;
            const step = event.key === 'ArrowDown' ? 1 : -1;
            setActive((current + step + items.length) % items.length);
          } else if (event.key === 'Enter') {
            event.preventDefault();
            choose(items[current]);
          }
        }}
        className="w-full border-b border-zinc-200 bg-transparent px-4 py-3 text-base outline-none dark:border-zinc-700"
      />
      <ul id={listboxId} role="listbox" aria-label="Places and jobs" className="max-h-[min(24rem,60vh)] overflow-y-auto p-1" data-testid="palette-options">
        {items.map((item, index) => (
          <li
            key={item.key}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            data-testid="palette-option"
            data-kind={item.kind}
            onMouseMove={() => setActive(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(item)}
            className={`flex cursor-pointer items-center gap-3 rounded px-3 py-1.5 text-sm ${
              index === current ? 'bg-sky-100 text-sky-950 dark:bg-sky-900/60 dark:text-sky-50' : ''
            }`}
          >
            <span className="w-12 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">{kindLabels[item.kind]}</span>
            <span className="min-w-0 flex-1 truncate font-medium">{item.label}</span>
            {item.detail ? <span className="shrink-0 truncate text-xs text-zinc-500 dark:text-zinc-400">{item.detail}</span> : null}
          </li>
        ))}
        {items.length === 0 ? <li className="px-3 py-2 text-sm text-zinc-500 dark:text-zinc-400">Type a queue name or a job id.</li> : null}
      </ul>
      <p role="status" data-testid="palette-status" className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
        {status || (
          <span className="text-zinc-500 dark:text-zinc-400">
            <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to go · <kbd>Esc</kbd> to close
          </span>
        )}
      </p>
    </>
  );
}

export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      // Back where the operator was (the browser does this too, but not after a navigation).
      if (returnFocus.current?.isConnected) returnFocus.current.focus();
      returnFocus.current = null;
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-label="Command palette"
      data-testid="command-palette"
      // Escape: the browser would close the dialog behind React's back; let the state do it.
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // A click on the backdrop (the dialog element itself, outside its content) closes it.
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className="mx-auto mt-[12vh] w-[min(36rem,calc(100vw-1.5rem))] overflow-hidden rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? <PaletteBody onDone={onClose} /> : null}
    </dialog>
  );
}
