'use client';
/** The pages one click from anywhere. Test ids are kept from the old header links. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { shellPages } from '@/lib/client/palette';
import { isAtOrUnder } from '@/lib/client/sidebar';

export function SidebarNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="space-y-px">
        {shellPages.map((page) => {
          const current = page.href === '/' ? pathname === '/' : isAtOrUnder(pathname, page.href);
          return (
            <li key={page.key}>
              <Link
                href={page.href}
                aria-current={current ? 'page' : undefined}
                data-testid={`nav-${page.key}`}
                className={`block rounded px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800 ${
                  current ? 'bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50' : 'text-zinc-700 dark:text-zinc-300'
                }`}
              >
                {page.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
