'use client';
import Link from 'next/link';
import { useFlow } from '@/lib/client/hooks';
import { jobHref } from '@/lib/client/routes';
import type { FlowNode } from '@/lib/client/types';
import { QueryView } from '@/components/ui/query-view';
import { StateBadge } from '@/components/ui/state-badge';

type LinkTo = (ref: { queue: string; id: string }) => string;

function FlowTree({ node, current, linkTo }: { node: FlowNode; current: { queue: string; id: string }; linkTo: LinkTo }) {
  const isCurrent = node.queue === current.queue && node.id === current.id;
  return (
    <li data-testid="flow-node" data-job-id={node.id}>
      <div className={`flex flex-wrap items-center gap-2 rounded px-1 py-0.5 text-sm ${isCurrent ? 'bg-sky-50 dark:bg-sky-950/50' : ''}`}>
        {isCurrent ? (
          <span className="font-medium break-all" aria-current="true">
            {node.name}
          </span>
        ) : (
          <Link href={linkTo(node)} className="break-all text-sky-700 hover:underline dark:text-sky-400">
            {node.name}
          </Link>
        )}
        <span className="font-mono text-xs break-all text-zinc-500 dark:text-zinc-400">
          {node.queue} / {node.id}
        </span>
        {node.state ? <StateBadge state={node.state} /> : <span className="text-xs text-zinc-500 dark:text-zinc-400">(removed)</span>}
      </div>
      {node.children.length > 0 ? (
        <ul className="ml-3 border-l border-zinc-200 pl-3 dark:border-zinc-800">
          {node.children.map((child) => (
            <FlowTree key={`${child.queue}\u0000${child.id}`} node={child} current={current} linkTo={linkTo} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** `linkTo` says where a node opens (default: the job page; Celery: the task page). */
export function FlowView({
  source,
  queue,
  job,
  inFlow,
  linkTo = (ref) => jobHref(source, ref.queue, ref.id),
  none = 'This job is not part of a flow.',
}: {
  source: string;
  queue: string;
  job: string;
  inFlow: boolean;
  linkTo?: LinkTo;
  none?: string;
}) {
  const flow = useFlow(source, queue, job, inFlow);
  if (!inFlow) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="flow-none">
        {none}
      </p>
    );
  }
  return (
    <QueryView query={flow}>
      {(data) => (
        <ul data-testid="flow-tree">
          <FlowTree node={data.flow} current={{ queue, id: job }} linkTo={linkTo} />
        </ul>
      )}
    </QueryView>
  );
}
