/**
 * Topics a live client subscribes to, as strings of URL-encoded segments joined by "/" so any queue
 * or job name survives (names may hold "/", ":" and spaces):
 *   `<source>`                    the source's status, every queue's counts and queue changes
 *   `<source>/<queue>`            that queue's counts, queue changes and job-list change notices
 *   `<source>/job/<queue>/<id>`   one job's state changes and progress
 *   `<source>/jobs/<queue>`       every job event of a queue (API consumers; never coalesced)
 *   `<source>/workers/*`          the source's workers as they change (a queue cannot be called that:
 *                                 a two-segment topic is a queue, so this one has three)
 * Pure module: the browser builds topics with the same functions the server parses them with.
 */
export type Topic =
  | { kind: 'source'; source: string }
  | { kind: 'queue'; source: string; queue: string }
  | { kind: 'job'; source: string; queue: string; id: string }
  | { kind: 'jobs'; source: string; queue: string }
  | { kind: 'workers'; source: string };

const enc = encodeURIComponent;

export const sourceTopic = (source: string) => enc(source);
export const queueTopic = (source: string, queue: string) => `${enc(source)}/${enc(queue)}`;
export const jobTopic = (source: string, queue: string, id: string) =>
  `${enc(source)}/job/${enc(queue)}/${enc(id)}`;
export const queueJobsTopic = (source: string, queue: string) => `${enc(source)}/jobs/${enc(queue)}`;
export const workersTopic = (source: string) => `${enc(source)}/workers/*`;

export function formatTopic(topic: Topic): string {
  switch (topic.kind) {
    case 'source':
      return sourceTopic(topic.source);
    case 'queue':
      return queueTopic(topic.source, topic.queue);
    case 'job':
      return jobTopic(topic.source, topic.queue, topic.id);
    case 'jobs':
      return queueJobsTopic(topic.source, topic.queue);
    case 'workers':
      return workersTopic(topic.source);
  }
}

/** Parse one topic string; null when malformed (bad encoding, wrong shape, empty segment). */
export function parseTopic(text: string): Topic | null {
  let parts: string[];
  try {
    parts = text.split('/').map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
  if (parts.some((part) => part === '')) return null;
  const [source, a, b, c] = parts as [string, string?, string?, string?];
  switch (parts.length) {
    case 1:
      return { kind: 'source', source };
    case 2:
      return { kind: 'queue', source, queue: a! };
    case 3:
      if (a === 'workers' && b === '*') return { kind: 'workers', source };
      return a === 'jobs' ? { kind: 'jobs', source, queue: b! } : null;
    case 4:
      return a === 'job' ? { kind: 'job', source, queue: b!, id: c! } : null;
    default:
      return null;
  }
}

/** Most topics one connection may hold; a tab needs a handful. */
export const MAX_TOPICS = 200;

/** `a,b,c` (the `topics` query value) → parsed topics, or the first bad one. */
export function parseTopicList(
  value: string,
): { ok: true; topics: Topic[] } | { ok: false; error: string } {
  const texts = [...new Set(value.split(',').filter((text) => text !== ''))];
  if (texts.length === 0) return { ok: false, error: 'at least one topic is required' };
  if (texts.length > MAX_TOPICS) return { ok: false, error: `at most ${MAX_TOPICS} topics` };
  const topics: Topic[] = [];
  for (const text of texts) {
    const topic = parseTopic(text);
    if (!topic) return { ok: false, error: `malformed topic "${text}"` };
    topics.push(topic);
  }
  return { ok: true, topics };
}
