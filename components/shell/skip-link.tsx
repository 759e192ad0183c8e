/** The first tab stop of every page: jumps past the header and sidebar to the page itself. */
export function SkipLink({ target }: { target: string }) {
  return (
    <a
      href={`#${target}`}
      data-testid="skip-link"
      className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-zinc-900 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-zinc-800 dark:text-zinc-100"
    >
      Skip to content
    </a>
  );
}
