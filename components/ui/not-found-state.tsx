import Link from 'next/link';

/**
 * The one page shown for something that does not exist (a mistyped source, queue, job or URL):
 * what was asked for, why it is not there, and a way back to the nearest thing that is.
 */
export function NotFoundState({
  title,
  explanation,
  back,
}: {
  title: string;
  explanation: string;
  back: { href: string; label: string };
}) {
  return (
    <section
      data-testid="not-found"
      aria-labelledby="not-found-title"
      className="mx-auto mt-6 max-w-xl rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="text-sm font-medium text-zinc-500 dark:text-zinc-400">404 · not found</p>
      <h1 id="not-found-title" className="mt-1 text-xl font-semibold break-words">
        {title}
      </h1>
      <p className="mt-2 text-sm text-zinc-600 break-words dark:text-zinc-300">{explanation}</p>
      <div className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <Link href={back.href} data-testid="not-found-back" className="font-medium text-sky-700 hover:underline dark:text-sky-400">
          ← {back.label}
        </Link>
        {back.href !== '/' ? (
          <Link href="/" className="text-zinc-600 hover:underline dark:text-zinc-400">
            Overview
          </Link>
        ) : null}
      </div>
    </section>
  );
}
