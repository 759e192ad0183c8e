import Link from 'next/link';
import { brokerHref, sourceWorkersHref, tasksHref } from '@/lib/client/routes';

/** The pages of a Celery source beside its own: Tasks, Workers, Broker (the one shown is marked). */
export function TaskSourceLinks({ source, current }: { source: string; current?: 'tasks' | 'workers' | 'broker' }) {
  const links = [
    { key: 'tasks', label: 'Tasks', href: tasksHref(source) },
    { key: 'workers', label: 'Workers', href: sourceWorkersHref(source) },
    { key: 'broker', label: 'Broker', href: brokerHref(source) },
  ] as const;
  return (
    <nav aria-label={`Pages of ${source}`} data-testid="celery-source-links">
      <ul className="flex flex-wrap gap-3 text-sm">
        {links.map((link) => (
          <li key={link.key}>
            <Link
              href={link.href}
              // Like the sidebar's: no server render per link on every page load.
              prefetch={false}
              aria-current={current === link.key ? 'page' : undefined}
              className="text-sky-700 hover:underline aria-[current=page]:font-semibold aria-[current=page]:text-zinc-900 dark:text-sky-400 dark:aria-[current=page]:text-zinc-100"
              data-testid={`celery-link-${link.key}`}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
