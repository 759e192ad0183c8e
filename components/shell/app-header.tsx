import Link from 'next/link';
import { MenuIcon, SearchIcon } from '@/components/shell/icons';
import { LiveIndicator } from '@/components/shell/live-indicator';
import { ThemeToggle } from '@/components/shell/theme-toggle';

const buttonClass =
  'inline-flex h-8 shrink-0 items-center gap-1.5 rounded-md border border-zinc-300 px-2 py-1 text-sm whitespace-nowrap hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';

/** One line at every width (390 px included): the menu button, the name, the palette, live, theme. */
export function AppHeader({
  menuOpen,
  onMenu,
  onPalette,
  sidebarId,
}: {
  menuOpen: boolean;
  /** Called with the menu button, so focus can return to it when the drawer closes. */
  onMenu: (button: HTMLButtonElement) => void;
  onPalette: () => void;
  sidebarId: string;
}) {
  return (
    <header
      data-testid="app-header"
      className="sticky top-0 z-20 h-12 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90"
    >
      <div className="flex h-full flex-nowrap items-center gap-2 px-3 sm:px-4">
        <button
          type="button"
          className={`${buttonClass} lg:hidden`}
          aria-label="Open menu"
          aria-expanded={menuOpen}
          aria-controls={sidebarId}
          onClick={(event) => onMenu(event.currentTarget)}
          data-testid="menu-button"
        >
          <MenuIcon />
        </button>
        <Link href="/" className="flex min-w-0 items-center gap-2 font-semibold tracking-tight whitespace-nowrap" data-testid="home-link">
          <span aria-hidden className="inline-block h-3 w-3 shrink-0 rounded-sm bg-emerald-500" />
          Yardmaster
        </Link>
        <button
          type="button"
          className={`${buttonClass} ml-auto text-zinc-600 sm:min-w-56 sm:justify-between dark:text-zinc-300`}
          onClick={onPalette}
          aria-label="Jump to a queue or job (Ctrl+K)"
          aria-keyshortcuts="Control+K Meta+K"
          data-testid="palette-button"
        >
          <SearchIcon />
          <span className="hidden sm:inline">Jump to queue or job…</span>
          <kbd className="hidden rounded border border-zinc-300 px-1 text-xs sm:inline dark:border-zinc-600">Ctrl K</kbd>
        </button>
        <LiveIndicator />
        <ThemeToggle />
      </div>
    </header>
  );
}
