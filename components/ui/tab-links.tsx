'use client';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface TabLink {
  key: string;
  label: ReactNode;
  href: string;
  count?: number;
}

/** The tab an arrow key, Home or End moves focus to, from tab `from` of `length`. */
function targetIndex(key: string, from: number, length: number): number | null {
  switch (key) {
    case 'ArrowRight':
      return (from + 1) % length;
    case 'ArrowLeft':
      return (from - 1 + length) % length;
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return null;
  }
}

/**
 * Tabs that are links, so the selected tab lives in the URL and can be shared. They follow the
 * ARIA tabs pattern with manual activation: one tab stop (the selected tab), Left/Right/Home/End
 * move focus, Enter or Space opens the focused tab. Manual, because opening a tab loads a page
 * of data: arrowing past three tabs must not fetch three pages. `current` is null while the view
 * has not picked a tab yet (the first tab is then the tab stop). `panelId` names the element the
 * tabs control, for `aria-controls`.
 */
export function TabLinks({
  tabs,
  current,
  label,
  testId,
  panelId,
}: {
  tabs: TabLink[];
  current: string | null;
  label: string;
  testId?: string;
  panelId?: string;
}) {
  const links = useRef<(HTMLAnchorElement | null)[]>([]);
  const strip = useRef<HTMLDivElement>(null);
  const stop = Math.max(
    0,
    tabs.findIndex((tab) => tab.key === current),
  );

  // On a narrow screen the strip scrolls sideways: bring the selected tab into it (the page itself
  // does not scroll, unlike scrollIntoView).
  useEffect(() => {
    const container = strip.current;
    const selected = links.current[stop];
    if (!container || !selected || current === null) return;
    const box = container.getBoundingClientRect();
    const tab = selected.getBoundingClientRect();
    if (tab.left < box.left) container.scrollLeft -= box.left - tab.left + 8;
    else if (tab.right > box.right) container.scrollLeft += tab.right - box.right + 8;
  }, [current, stop]);

  const onKeyDown = (event: KeyboardEvent<HTMLAnchorElement>, index: number) => {
    if (event.key === ' ') {
      // A link opens on Enter only; a tab opens on Space too (and Space must not scroll the page).
      event.preventDefault();
      links.current[index]?.click();
      return;
    }
    const target = targetIndex(event.key, index, tabs.length);
    if (target === null) return;
    event.preventDefault();
    links.current[target]?.focus();
  };

  return (
    <div ref={strip} className="-mx-1 overflow-x-auto">
      <div role="tablist" aria-label={label} data-testid={testId} className="flex min-w-max gap-1 px-1 py-0.5">
        {tabs.map((tab, index) => {
          const selected = tab.key === current;
          return (
            <Link
              key={tab.key}
              ref={(element) => {
                links.current[index] = element;
              }}
              href={tab.href}
              role="tab"
              aria-selected={selected}
              aria-controls={panelId}
              tabIndex={index === stop ? 0 : -1}
              onKeyDown={(event) => onKeyDown(event, index)}
              data-testid={`tab-${tab.key}`}
              scroll={false}
              className={`rounded-md px-3 py-1.5 text-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 ${
                selected
                  ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
                  : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800'
              }`}
            >
              {tab.label}
              {tab.count !== undefined ? (
                <span className="tabular ml-1.5 text-xs opacity-80" data-testid={`tab-count-${tab.key}`}>
                  {tab.count.toLocaleString('en-US')}
                </span>
              ) : null}
            </Link>
          );
        })}
      </div>
    </div>
  );
}
