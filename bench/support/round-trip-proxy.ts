/**
 * A loopback TCP proxy in front of Redis that counts round trips the way latency sees them: a round
 * trip starts each time a client sends after Redis has answered something since its last send.
 * Commands written back to back (a pipeline, or many un-awaited calls) count once; a command that
 * waits for an earlier reply counts again. Used only for a separate counting pass, never for timing.
 */
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
// @ts-expect-error -- plain ESM helper shared with the tests and demo
import { freePort } from '../../scripts/services.mjs';

export interface RoundTripProxy {
  url: string;
  /** Round trips so far, over every connection through the proxy. */
  read(): number;
  close(): Promise<void>;
}

export async function startRoundTripProxy(redisPort: number): Promise<RoundTripProxy> {
  let trips = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = connect(redisPort, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    track(client);
    track(upstream);
    let answeredSinceLastSend = true;
    client.on('data', (chunk) => {
      if (answeredSinceLastSend) trips++;
      answeredSinceLastSend = false;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      answeredSinceLastSend = true;
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const port: number = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    read: () => trips,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
