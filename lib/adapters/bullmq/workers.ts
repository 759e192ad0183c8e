/**
 * BullMQ workers as seen in CLIENT LIST (pure). A Worker names its connection
 * `<prefix>:<base64(queue)>`, or `<prefix>:<base64(queue)>:w:<workerName>` when given a name
 * (QueueEvents use the `:qe` suffix and are not workers) — see bullmq's QueueGetters.getWorkers.
 */
import type { Worker } from '../types';

export interface ClientEntry {
  id: string;
  name: string;
  addr: string | null;
  ageSeconds: number | null;
  idleSeconds: number | null;
}

/** CLIENT LIST text → one entry per connection. */
export function parseClientList(text: string): ClientEntry[] {
  const entries: ClientEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields = new Map<string, string>();
    for (const pair of line.split(' ')) {
      const eq = pair.indexOf('=');
      if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    entries.push({
      id: fields.get('id') ?? '',
      name: fields.get('name') ?? '',
      addr: fields.get('addr') || null,
      ageSeconds: seconds(fields.get('age')),
      idleSeconds: seconds(fields.get('idle')),
    });
  }
  return entries;
}

export interface WorkerConnection {
  queue: string;
  workerName: string | null;
  client: ClientEntry;
}

/**
 * The connections that are workers of `queues` under `prefix`. The base64 segment must round-trip,
 * so a longer prefix sharing this one (`bull` vs `bull:x`) never yields a false match.
 */
export function workerConnections(
  entries: readonly ClientEntry[],
  prefix: string,
  queues: ReadonlySet<string>,
): WorkerConnection[] {
  const head = `${prefix}:`;
  const found: WorkerConnection[] = [];
  for (const client of entries) {
    if (!client.name.startsWith(head)) continue;
    const rest = client.name.slice(head.length);
    const colon = rest.indexOf(':');
    const encoded = colon < 0 ? rest : rest.slice(0, colon);
    const suffix = colon < 0 ? '' : rest.slice(colon);
    if (suffix !== '' && !suffix.startsWith(':w:')) continue;
    const queue = decodeBase64Exact(encoded);
    if (queue === null || !queues.has(queue)) continue;
    found.push({ queue, workerName: suffix ? suffix.slice(':w:'.length) : null, client });
  }
  return found;
}

export function workerCountsByQueue(connections: readonly WorkerConnection[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { queue } of connections) counts.set(queue, (counts.get(queue) ?? 0) + 1);
  return counts;
}

export function toWorkers(connections: readonly WorkerConnection[]): Worker[] {
  return connections
    .map(({ queue, workerName, client }) => ({
      id: client.id,
      name: workerName || `${queue} worker #${client.id}`,
      queues: [queue],
      address: client.addr,
      ageSeconds: client.ageSeconds,
      idleSeconds: client.idleSeconds,
      status: 'online' as const,
    }))
    .sort((a, b) => a.queues[0]!.localeCompare(b.queues[0]!) || a.name.localeCompare(b.name));
}

function decodeBase64Exact(encoded: string): string | null {
  if (!encoded || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return Buffer.from(decoded, 'utf8').toString('base64') === encoded ? decoded : null;
}

function seconds(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
