/** Reads that follow flow links: a job's timeline (with its children) and the whole flow tree. */
import 'server-only';
import type { FlowNode, JobRef, Timeline } from '../types';
import { jobKeys } from './keys';
import { fieldsFromHmget, integer } from './map';
import { parentRef, stateFromProbe } from './map-detail';
import type { ReadContext } from './queue-reads';
import { childKeySlots, probeSlots, readChildren, readProbe } from './job-probes';
import { getJob } from './job-reads';
import type { ChildSummary } from './timeline';
import { toTimelineEvents } from './timeline';

/** Children shown as timeline events; the flow view has the rest. */
const MAX_TIMELINE_CHILDREN = 100;
/** Bounds for walking a flow: parents upward, levels downward, nodes in total. */
const MAX_FLOW_PARENTS = 20;
const MAX_FLOW_DEPTH = 10;
const MAX_FLOW_NODES = 500;

export async function getTimeline(ctx: ReadContext, ref: JobRef): Promise<Timeline | null> {
  const job = await getJob(ctx, ref.queue, ref.id);
  if (!job) return null;
  const shown = job.children.slice(0, MAX_TIMELINE_CHILDREN);
  const batch = ctx.client.batch();
  const fields = ['name', 'timestamp', 'finishedOn'] as const;
  const perChild = shown.map((child) => ({
    child,
    values: batch.hmget(jobKeys(ctx.prefix, child.queue, child.id).hash, fields),
  }));
  const replies = await ctx.client.exec(batch);
  const children: ChildSummary[] = perChild.map(({ child, values }) => {
    const found = fieldsFromHmget(fields, replies.get(values));
    return {
      ref: { queue: child.queue, id: child.id },
      name: found?.name ?? '',
      state: found ? child.state : null,
      createdAt: integer(found?.timestamp),
      finishedAt: integer(found?.finishedOn),
    };
  });
  return { job: { queue: ref.queue, id: ref.id }, events: toTimelineEvents(job, children) };
}

/**
 * The flow a job belongs to, from its top-most parent down (bounded in depth and size). One round
 * trip per parent level up and one per level down.
 */
export async function getFlow(ctx: ReadContext, ref: JobRef): Promise<FlowNode | null> {
  if (ctx.discovery.excludes(ref.queue)) return null;
  const knownQueues = [...(await ctx.discovery.queues()), ref.queue];
  const parentFields = ['parentKey', 'parent', 'name'] as const;

  const nodeKey = (job: JobRef) => `${job.queue}\u0000${job.id}`;
  let root: JobRef = ref;
  let candidate: JobRef | null = ref;
  const climbed = new Set<string>();
  for (let level = 0; candidate && level <= MAX_FLOW_PARENTS; level++) {
    const batch = ctx.client.batch();
    const values = batch.hmget(
      jobKeys(ctx.prefix, candidate.queue, candidate.id).hash,
      parentFields,
    );
    const found = fieldsFromHmget(parentFields, (await ctx.client.exec(batch)).get(values));
    // The job itself must exist; a parent whose hash is gone ends the climb one level below it.
    if (!found) {
      if (level === 0) return null;
      break;
    }
    root = candidate;
    climbed.add(nodeKey(root));
    const parent = parentRef(ctx.prefix, found, knownQueues);
    candidate = parent && !climbed.has(nodeKey(parent)) ? parent : null;
  }

  const top: FlowNode = { queue: root.queue, id: root.id, name: '', state: null, children: [] };
  const seen = new Set<string>([nodeKey(root)]);
  let level: FlowNode[] = [top];
  let count = 1;
  for (let depth = 0; depth <= MAX_FLOW_DEPTH && level.length > 0; depth++) {
    const expand = depth < MAX_FLOW_DEPTH;
    const batch = ctx.client.batch();
    const perNode = level.map((node) => ({
      node,
      name: batch.hget(jobKeys(ctx.prefix, node.queue, node.id).hash, 'name'),
      exists: batch.exists(jobKeys(ctx.prefix, node.queue, node.id).hash),
      probe: probeSlots(batch, ctx.prefix, node.queue, node.id),
      children: childKeySlots(batch, ctx.prefix, node.queue, node.id),
    }));
    const replies = await ctx.client.exec(batch);
    const next: FlowNode[] = [];
    for (const { node, name, exists, probe, children } of perNode) {
      node.name = replies.get(name) ?? '';
      node.state = replies.get(exists) ? stateFromProbe(readProbe(replies, probe), {}).state : null;
      if (!expand) continue;
      for (const child of readChildren(replies, children, ctx.prefix, knownQueues)) {
        const key = nodeKey(child);
        if (seen.has(key) || count >= MAX_FLOW_NODES) continue;
        seen.add(key);
        count++;
        const childNode: FlowNode = {
          queue: child.queue,
          id: child.id,
          name: '',
          state: child.state,
          children: [],
        };
        node.children.push(childNode);
        next.push(childNode);
      }
    }
    level = next;
  }
  return top;
}
