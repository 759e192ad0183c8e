'use client';
/**
 * The sidebar: the go-to-job box, the pages, and every source's queues. Always on screen from
 * 1024 px up; below that a drawer the header's menu button opens (Escape, the close button or the
 * backdrop close it; following a link closes it by changing the page).
 */
import { useEffect, useRef } from 'react';
import { GoToJob } from '@/components/shell/go-to-job';
import { SidebarNav } from '@/components/shell/sidebar-nav';
import { SidebarQueues } from '@/components/shell/sidebar-queues';

export const SIDEBAR_ID = 'sidebar';

export function Sidebar({ open, onClose }: { open: boolean; onClose: () => void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeButton.current?.focus();
  }, [open]);

  return (
    <>
      {open ? (
        <div aria-hidden className="fixed inset-0 z-30 bg-black/40 lg:hidden" onClick={onClose} data-testid="drawer-backdrop" />
      ) : null}
      <aside
        id={SIDEBAR_ID}
        aria-label="Sources and pages"
        data-testid="sidebar"
        data-open={open}
        onKeyDown={(event) => {
          if (open && event.key === 'Escape') onClose();
        }}
        className={`${
          open ? 'fixed inset-y-0 left-0 z-40 flex w-[min(20rem,85vw)] shadow-xl' : 'hidden'
        } flex-col gap-4 overflow-y-auto border-r border-zinc-200 bg-white px-2 py-3 lg:sticky lg:top-12 lg:z-auto lg:flex lg:h-[calc(100dvh-3rem)] lg:w-64 lg:shrink-0 lg:shadow-none dark:border-zinc-800 dark:bg-zinc-900`}
      >
        <div className="flex items-center justify-between px-2 lg:hidden">
          <span className="text-sm font-semibold">Menu</span>
          <button
            ref={closeButton}
            type="button"
            onClick={onClose}
            aria-label="Close menu"
            data-testid="drawer-close"
            className="rounded-md border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <span aria-hidden>✕</span>
          </button>
        </div>
        <div className="px-2">
          <GoToJob />
        </div>
        <SidebarNav />
        <SidebarQueues />
      </aside>
    </>
  );
}
