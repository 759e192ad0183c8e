'use client';
/**
 * The next messages of one queue, decoded from the broker's lists without taking them: the task,
 * its id, ETA, retries, lineage, and args / kwargs exactly as sent — all as text, never HTML.
 */
import Link from 'next/link';
import type { BrokerMessage } from '@/lib/adapters/types';
import { useBrokerMessages } from '@/lib/client/worker-hooks';
import { taskHref } from '@/lib/client/worker-routes';
import { formatBytes } from '@/lib/client/format';
import { QueryView } from '@/components/ui/query-view';

function SentValue({ label, value }: { label: string; value: BrokerMessage['args'] }) {
  const text = value.json !== undefined ? JSON.stringify(value.json, null, 2) : value.text;
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd>
        <pre className="max-h-40 overflow-auto rounded bg-zinc-50 p-1.5 font-mono text-xs break-all whitespace-pre-wrap dark:bg-zinc-950" data-testid={`peek-${label}`}>
          {text ?? '—'}
        </pre>
        {value.truncated ? <p className="text-xs text-amber-800 dark:text-amber-300">cut at 64 KiB of {formatBytes(value.bytes)}</p> : null}
      </dd>
    </div>
  );
}

function MessageCard({ source, message, index }: { source: string; message: BrokerMessage; index: number }) {
  const facts: Array<[string, string | null]> = [
    ['ETA', message.eta],
    ['Expires', message.expires],
    ['Retries', message.retries === null ? null : String(message.retries)],
    ['Priority', message.priority === null ? null : String(message.priority)],
    ['Group', message.group],
  ];
  return (
    <li className="space-y-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-800" data-testid="peek-message">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="tabular text-xs text-zinc-500 dark:text-zinc-400">#{index + 1}</span>
        <span className="font-medium break-all" data-testid="peek-task">
          {message.task ?? '(no task header)'}
        </span>
        {message.id ? (
          <Link href={taskHref(source, message.id)} className="font-mono text-xs break-all text-sky-700 hover:underline dark:text-sky-400" data-testid="peek-id">
            {message.id}
          </Link>
        ) : null}
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-5">
        {facts.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-xs text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
            <dd className="break-all" data-testid={`peek-${label.toLowerCase()}`}>
              {value ?? '—'}
            </dd>
          </div>
        ))}
      </dl>
      {message.parentId || message.rootId ? (
        <p className="text-xs break-all text-zinc-600 dark:text-zinc-300">
          {message.parentId ? (
            <>
              parent{' '}
              <Link href={taskHref(source, message.parentId)} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                {message.parentId}
              </Link>
            </>
          ) : null}
          {message.rootId && message.rootId !== message.id ? (
            <>
              {message.parentId ? ' · ' : ''}root{' '}
              <Link href={taskHref(source, message.rootId)} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                {message.rootId}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      <dl className="grid gap-2 sm:grid-cols-2">
        <SentValue label="args" value={message.args} />
        <SentValue label="kwargs" value={message.kwargs} />
      </dl>
    </li>
  );
}

export function QueuePeek({ source, queue, limit, nonce }: { source: string; queue: string; limit: number; nonce: number }) {
  const messages = useBrokerMessages(source, queue, limit, nonce > 0);
  return (
    <div data-testid="queue-peek" data-nonce={nonce}>
      <QueryView query={messages}>
        {(data) =>
          data.messages.length === 0 ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="peek-empty">
              No message is waiting in {queue}.
            </p>
          ) : (
            <div className="space-y-2">
              <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="peek-summary">
                The next {data.messages.length} of {data.waiting.toLocaleString('en-US')} waiting, in the order a worker takes them (lowest
                priority step first, oldest first).
              </p>
              <ol className="space-y-2">
                {data.messages.map((message, index) => (
                  <MessageCard key={message.deliveryTag ?? message.id ?? index} source={source} message={message} index={index} />
                ))}
              </ol>
            </div>
          )
        }
      </QueryView>
    </div>
  );
}
