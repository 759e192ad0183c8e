/**
 * The two HTTP servers a read bench compares, each on its own free loopback port, so both sides pay
 * the same HTTP + JSON cost: Yardmaster's framework-free `(Request) => Promise<Response>` behind a
 * bare node:http server, and bull-board's API on express 5 — the way its users deploy it.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
// @ts-expect-error -- plain ESM helper shared with the tests and demo
import { freePort } from '../../scripts/services.mjs';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

async function listen(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const port: number = await freePort();
  const server = createServer(listener);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${port}` };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** IncomingMessage → Request, the conversion any Node host of the core does (Next does its own). */
function toRequest(incoming: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
    else if (value !== undefined) headers.set(name, value);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(incoming.url ?? '/', origin), {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
    // Required by undici for a streamed request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => outgoing.setHeader(name, value));
  if (!response.headers.get('content-type')?.startsWith('text/event-stream') || !response.body) {
    outgoing.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  // A stream (GET /events): pass chunks on as they come, and cancel it when the client goes away.
  outgoing.flushHeaders();
  const reader = response.body.getReader();
  outgoing.once('close', () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      outgoing.write(value);
    }
  } catch {
    // cancelled, or the hub dropped a slow client
  }
  outgoing.end();
}

export async function serveWebHandler(
  handler: (request: Request) => Promise<Response>,
): Promise<RunningServer> {
  let origin = '';
  const { server, url } = await listen((incoming, outgoing) => {
    handler(toRequest(incoming, origin))
      .then((response) => writeResponse(response, outgoing))
      .catch((error: unknown) => {
        console.error('yardmaster handler threw:', error);
        outgoing.statusCode = 500;
        outgoing.end();
      });
  });
  origin = url;
  return { url, close: () => closeServer(server) };
}

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

/** The slice of express 5 used here; express ships no types and @types/express is not installed. */
interface ExpressApp extends RequestListener {
  use(path: string, handler: unknown): void;
}

/**
 * bull-board 9 with its defaults (showWorkers on), read-only, every queue a real bullmq `Queue`,
 * all sharing one ioredis connection (as a typical app does), mounted at `/bb`.
 */
export async function startBullBoard(
  redisUrl: string,
  queueNames: readonly string[],
): Promise<RunningServer> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = queueNames.map((name) => new Queue(name, { connection }));
  await Promise.all(queues.map((queue) => queue.waitUntilReady()));
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/bb');
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    // @bull-board/express 9.10.1 nests its own @bull-board/api 9.10.1, whose private fields make the
    // types clash with the top-level 9.10.2; at run time the adapter is the same shape.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
  });
  const express = createRequire(import.meta.url)('express') as () => ExpressApp;
  const app = express();
  app.use('/bb', serverAdapter.getRouter());
  const { server, url } = await listen(app);
  return {
    url: `${url}/bb`,
    async close() {
      await closeServer(server);
      await Promise.all(queues.map((queue) => queue.close()));
      await connection.quit();
    },
  };
}
