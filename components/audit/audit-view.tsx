'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { prettyJson } from '@/lib/client/format';
import { useAudit } from '@/lib/client/hooks';
import { cursorSearch, parseCursors } from '@/lib/client/job-filter';
import type { AuditEntry } from '@/lib/api/schemas';
import { Badge } from '@/components/ui/badge';
import { PageTitle } from '@/components/ui/page-title';
import { QueryView } from '@/components/ui/query-view';
import { RelativeTime } from '@/components/ui/relative-time';
import { CursorPager } from '@/components/ui/cursor-pager';
import { ListTable, cell } from '@/components/ui/list-table';

const auditColumns = ['When', 'Who', 'Action', 'Target', 'Parameters', 'Result'].map((label) => ({
  label,
}));

function target(entry: AuditEntry): string {
  return (
    [entry.source, entry.target.queue, entry.target.job]
      .filter((part) => part !== null)
      .join(' / ') || '—'
  );
}

/** Compact one-line JSON for the table; the whole value is in the title. */
function brief(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * Every mutating action, newest first: who, what, on which target, with which parameters and result.
 * The page (its cursor stack) lives in the URL.
 */
export function AuditView() {
  const cursors = parseCursors(useSearchParams());
  const pathname = usePathname();
  const audit = useAudit(cursors.at(-1) ?? null);
  return (
    <>
      <PageTitle>Audit log</PageTitle>
      <section className="min-w-0 space-y-2 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <QueryView query={audit} skeletonRows={8}>
          {(page) => (
            <>
              {page.unavailable.length > 0 && (
                <p
                  className="text-sm text-amber-700 dark:text-amber-400"
                  data-testid="audit-unavailable"
                >
                  Audit of {page.unavailable.join(', ')} unavailable: its Redis cannot be reached.
                </p>
              )}
              {page.entries.length === 0 ? (
                <p
                  className="py-4 text-sm text-zinc-500 dark:text-zinc-400"
                  data-testid="audit-empty"
                >
                  Nothing has been changed from Yardmaster yet.
                </p>
              ) : (
                <div className={audit.isPlaceholderData ? 'opacity-60' : undefined}>
                  <ListTable label="Audit entries" testId="audit-table" columns={auditColumns}>
                    {page.entries.map((entry) => (
                      <tr
                        key={entry.id}
                        data-testid="audit-row"
                        data-action={entry.action}
                        className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60"
                      >
                        <td className={`${cell} pl-0`}>
                          <RelativeTime at={entry.at} />
                        </td>
                        <td className={`${cell} break-all`}>
                          {entry.principal.id}{' '}
                          <span className="text-xs text-zinc-500 dark:text-zinc-400">
                            ({entry.principal.role})
                          </span>
                        </td>
                        <td
                          className={`${cell} font-mono whitespace-nowrap`}
                          data-testid="audit-action"
                        >
                          {entry.action}
                        </td>
                        <td className={`${cell} max-w-64 break-all`} data-testid="audit-target">
                          {target(entry)}
                        </td>
                        <td
                          className={`${cell} max-w-72 truncate font-mono text-xs`}
                          title={prettyJson(entry.params)}
                        >
                          {brief(entry.params)}
                        </td>
                        <td className={cell} title={prettyJson(entry.result.summary)}>
                          <Badge tone={entry.result.ok ? 'green' : 'red'} testId="audit-result">
                            {entry.result.ok ? 'ok' : (entry.result.code ?? 'failed')}{' '}
                            {entry.result.status}
                          </Badge>{' '}
                          <span className="font-mono text-xs break-all">
                            {brief(entry.result.summary)}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </ListTable>
                  <CursorPager
                    cursors={cursors}
                    nextCursor={page.nextCursor}
                    loading={audit.isPlaceholderData}
                    hrefFor={(next) => `${pathname}${cursorSearch(next)}`}
                    testId="audit"
                    className="flex justify-end gap-2 pt-2"
                  />
                </div>
              )}
            </>
          )}
        </QueryView>
      </section>
    </>
  );
}
