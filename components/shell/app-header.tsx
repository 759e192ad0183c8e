import Link from 'next/link';
import { LiveIndicator } from '@/components/shell/live-indicator';
import { ThemeToggle } from '@/components/shell/theme-toggle';

export function AppHeader() {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div className="mx-auto flex max-w-screen-2xl items-center justify-between gap-3 px-3 py-2 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight" data-testid="home-link">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-emerald-500" />
          Yardmaster
        </Link>
        <nav aria-label="Main" className="mr-auto flex gap-3 text-sm text-zinc-600 dark:text-zinc-400">
          <Link href="/dead-letters" className="hover:underline" data-testid="nav-dead-letters">
            Dead letters
          </Link>
          <Link href="/audit" className="hover:underline" data-testid="nav-audit">
            Audit
          </Link>
        </nav>
        <div className="flex items-center gap-2">
          <LiveIndicator />
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
