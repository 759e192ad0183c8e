'use client';
import { useState } from 'react';
import { useJobLogs } from '@/lib/client/hooks';
import { QueryView } from '@/components/ui/query-view';
import { TextBlock } from '@/components/ui/text-block';

const LOG_PAGE_SIZE = 100;
const pagerButton =
  'rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-40 disabled:hover:bg-transparent dark:border-zinc-700 dark:hover:bg-zinc-800';

export function LogsView({ source, queue, job }: { source: string; queue: string; job: string }) {
  const [offset, setOffset] = useState(0);
  const logs = useJobLogs(source, queue, job, { offset, limit: LOG_PAGE_SIZE });
  return (
    <QueryView query={logs} skeletonRows={6}>
      {(page) =>
        page.total === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="logs-empty">
            This job wrote no log lines.
          </p>
        ) : (
          <div className="space-y-2" data-testid="logs">
            <TextBlock
              label={`Lines ${page.offset + 1}–${page.offset + page.lines.length} of ${page.total}`}
              text={page.lines.map((line, index) => `${String(page.offset + index + 1).padStart(5)}  ${line}`).join('\n')}
              testId="log-lines"
            />
            <div className="flex gap-2">
              <button
                type="button"
                className={pagerButton}
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - LOG_PAGE_SIZE))}
                data-testid="logs-prev"
              >
                ← Earlier
              </button>
              <button
                type="button"
                className={pagerButton}
                disabled={offset + LOG_PAGE_SIZE >= page.total}
                onClick={() => setOffset(offset + LOG_PAGE_SIZE)}
                data-testid="logs-next"
              >
                Later →
              </button>
            </div>
          </div>
        )
      }
    </QueryView>
  );
}
