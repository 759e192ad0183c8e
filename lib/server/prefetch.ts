/**
 * Reads what a page shows while the server renders it, so its first paint already holds the data
 * (the browser otherwise waits for its scripts, then for a round trip per widget). Each resource is
 * asked of the app's own API handler in-process — the same routes, checks and JSON the browser
 * gets — and parsed with the schema the browser parses it with. What fails or is slow is left out:
 * the browser reads it as before, and says what went wrong there.
 */
import 'server-only';
import { QueryClient, dehydrate } from '@tanstack/react-query';
import type { DehydratedState } from '@tanstack/react-query';
import { headers } from 'next/headers';
import { appApiHandler } from '@/lib/api/app-handler';
import { readApiResponse } from '@/lib/client/api';
import type { Resource } from '@/lib/client/resources';

/** How long a page waits for its data before it is sent without what has not arrived. */
export const PREFETCH_DEADLINE_MS = 250;

/** The request headers an API read on the page's behalf carries: who is asking. */
const FORWARDED_HEADERS = ['authorization', 'cookie'];

/** Reads `resources`, each given up on after the deadline; answers the data of those that came. */
export async function readResources(
  resources: readonly Resource[],
  deadlineMs = PREFETCH_DEADLINE_MS,
): Promise<ReadResult[]> {
  const incoming = await headers();
  const forwarded = new Headers({ accept: 'application/json' });
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) forwarded.set(name, value);
  }
  let handler;
  try {
    handler = appApiHandler();
  } catch {
    return []; // A bad configuration: the page's own reads show the error.
  }
  const deadline = new Promise<null>((resolve) =>
    setTimeout(() => resolve(null), deadlineMs).unref(),
  );
  return Promise.all(
    resources.map(async (resource): Promise<ReadResult> => {
      const read = (async () => {
        const response = await handler(
          new Request(new URL(resource.path, 'http://yardmaster.internal'), { headers: forwarded }),
        );
        return response.ok
          ? { data: await readApiResponse(response, resource.path, resource.schema) }
          : null;
      })().catch(() => null);
      const answer = await Promise.race([read, deadline]);
      return answer ? { resource, data: answer.data } : { resource };
    }),
  );
}

export interface ReadResult {
  resource: Resource;
  /** Absent when the read failed or missed the deadline. */
  data?: unknown;
}

/** The reads as the state ServerData hands to the browser's query cache. */
export function dehydrateReads(reads: readonly ReadResult[]): DehydratedState {
  const client = new QueryClient();
  for (const read of reads) {
    if ('data' in read) client.setQueryData(read.resource.queryKey, read.data);
  }
  return dehydrate(client);
}
