import Link from 'next/link';
import type { ReactNode } from 'react';

export interface TabLink {
  key: string;
  label: ReactNode;
  href: string;
  count?: number;
}

/** Tabs that are links, so the selected tab lives in the URL and can be shared. */
export function TabLinks({ tabs, current, label, testId }: { tabs: TabLink[]; current: string; label: string; testId?: string }) {
  return (
    <nav aria-label={label} className="-mx-1 overflow-x-auto">
      <div role="tablist" aria-label={label} data-testid={testId} className="flex min-w-max gap-1 px-1">
        {tabs.map((tab) => {
          const selected = tab.key === current;
          return (
            <Link
              key={tab.key}
              href={tab.href}
              role="tab"
              aria-selected={selected}
              data-testid={`tab-${tab.key}`}
              scroll={false}
              className={`rounded-md px-3 py-1.5 text-sm whitespace-nowrap ${
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
    </nav>
  );
}
