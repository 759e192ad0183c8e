import Link from 'next/link';

export interface FilterChip {
  key: string;
  label: string;
  href: string;
}

/** A row of link chips choosing one filter; the chosen one is marked `aria-current`, so the URL holds it. */
export function FilterChips({
  chips,
  current,
  label,
  testId,
}: {
  chips: FilterChip[];
  current: string;
  label: string;
  testId?: string;
}) {
  return (
    <nav aria-label={label} data-testid={testId}>
      <ul className="flex flex-wrap gap-1.5">
        {chips.map((chip) => {
          const selected = chip.key === current;
          return (
            <li key={chip.key}>
              <Link
                href={chip.href}
                scroll={false}
                aria-current={selected ? 'page' : undefined}
                data-testid={`filter-${chip.key}`}
                className={`inline-flex rounded-full px-3 py-1 text-sm whitespace-nowrap ring-1 ring-inset ${
                  selected
                    ? 'bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100'
                    : 'text-zinc-700 ring-zinc-300 hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800'
                }`}
              >
                {chip.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
