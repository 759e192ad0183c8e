'use client';
/**
 * The frame every page sits in: skip link, header, sidebar (a drawer on phones), the page in
 * <main>, and the Ctrl/⌘-K palette. Later sections (Celery, Temporal) are pages inside it.
 */
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/shell/app-header';
import { CommandPalette } from '@/components/shell/command-palette';
import { Sidebar, SIDEBAR_ID } from '@/components/shell/sidebar';
import { SkipLink } from '@/components/shell/skip-link';

const MAIN_ID = 'main';
/** The width from which the sidebar is always shown (Tailwind's `lg`). */
const WIDE = '(min-width: 1024px)';

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // The drawer is open on the page it was opened on: following any link closes it.
  const [drawerOpenOn, setDrawerOpenOn] = useState<string | null>(null);
  const drawerOpen = drawerOpenOn === pathname;
  const [paletteOpen, setPaletteOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPaletteOpen((open) => !open);
      }
    };
    // Widening the window past the drawer's width turns the drawer back into the sidebar.
    const wide = window.matchMedia(WIDE);
    const onWide = () => {
      if (wide.matches) setDrawerOpenOn(null);
    };
    window.addEventListener('keydown', onKey);
    wide.addEventListener('change', onWide);
    return () => {
      window.removeEventListener('keydown', onKey);
      wide.removeEventListener('change', onWide);
    };
  }, []);

  // Closed by the operator (not by a navigation): focus goes back to what opened it, once the
  // header is no longer inert.
  const refocusOnClose = useRef(false);
  useEffect(() => {
    if (drawerOpen || !refocusOnClose.current) return;
    refocusOnClose.current = false;
    menuButton.current?.focus();
  }, [drawerOpen]);
  const closeDrawer = () => {
    refocusOnClose.current = true;
    setDrawerOpenOn(null);
  };

  return (
    <>
      <SkipLink target={MAIN_ID} />
      {/* While the drawer is open the page behind it takes no focus or clicks (inert). */}
      <div inert={drawerOpen} className="contents">
        <AppHeader
          menuOpen={drawerOpen}
          onMenu={(button) => {
            menuButton.current = button;
            setDrawerOpenOn(pathname);
          }}
          onPalette={() => setPaletteOpen(true)}
          sidebarId={SIDEBAR_ID}
        />
      </div>
      <div className="flex">
        <Sidebar open={drawerOpen} onClose={closeDrawer} />
        <main id={MAIN_ID} tabIndex={-1} inert={drawerOpen} className="min-w-0 flex-1 px-3 py-4 outline-none sm:px-6 sm:py-6">
          <div className="mx-auto max-w-screen-2xl">{children}</div>
        </main>
      </div>
      <CommandPalette open={paletteOpen} onClose={() => setPaletteOpen(false)} />
    </>
  );
}
