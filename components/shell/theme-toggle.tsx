'use client';
import { useEffect } from 'react';
import { THEME_STORAGE_KEY } from '@/components/shell/theme-boot-script';
import type { Theme } from '@/components/shell/theme-boot-script';

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

const applyTheme = (theme: Theme) => document.documentElement.setAttribute('data-theme', theme);
const currentTheme = (): Theme => (document.documentElement.getAttribute('data-theme') === 'dark' ? 'dark' : 'light');

/**
 * Flips <html data-theme> and remembers the choice. The label is chosen by CSS from the same
 * attribute, so the server-rendered button is already right before hydration.
 */
export function ThemeToggle() {
  // Until the operator picks a theme, follow the system's when it changes.
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => {
      if (storedTheme() === null) applyTheme(media.matches ? 'dark' : 'light');
    };
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);

  return (
    <button
      type="button"
      data-testid="theme-toggle"
      aria-label="Toggle dark theme"
      title="Toggle dark theme"
      className="inline-flex h-8 shrink-0 items-center rounded-md border border-zinc-300 px-2 text-sm whitespace-nowrap hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      onClick={() => {
        const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
        applyTheme(next);
        try {
          localStorage.setItem(THEME_STORAGE_KEY, next);
        } catch {
          // Private mode: the choice lasts for this page only.
        }
      }}
    >
      <span className="dark:hidden">
        <span aria-hidden>☾</span>
        <span className="ml-1 hidden sm:inline">Dark</span>
      </span>
      <span className="hidden dark:inline">
        <span aria-hidden>☀</span>
        <span className="ml-1 hidden sm:inline">Light</span>
      </span>
    </button>
  );
}
