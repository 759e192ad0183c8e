// Starts and stops the real services tests, demo and bench need: Debian's redis-server on a free
// loopback port, with no persistence, stopped by its own pid.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:`port` (so the demo can take Redis's usual 6379). */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function waitForPort(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} did not open within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Start redis-server on `port` (a free one when omitted). `noeviction` because BullMQ needs it.
 * Returns { port, url, pid, stop(), restart() }; restart keeps the port (for fault tests).
 * `ownProcessGroup`: keep it out of the terminal's Ctrl-C, so the demo can stop it last.
 */
export async function startRedis({ port, quiet = true, ownProcessGroup = false } = {}) {
  const listenPort = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'yardmaster-redis-'));
  let child;
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        '--port', String(listenPort),
        '--bind', '127.0.0.1',
        '--save', '',
        '--appendonly', 'no',
        '--maxmemory-policy', 'noeviction',
        '--dir', dir,
        '--daemonize', 'no',
      ],
      { stdio: quiet ? 'ignore' : 'inherit', detached: ownProcessGroup },
    );
    const exited = new Promise((_, reject) =>
      child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}`))),
    );
    exited.catch(() => {});
    await Promise.race([waitForPort(listenPort), exited]);
  };
  const stopChild = () =>
    new Promise((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await launch();
  return {
    port: listenPort,
    url: `redis://127.0.0.1:${listenPort}`,
    get pid() {
      return child.pid;
    },
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
    /** Stop only the process (keeps the dir) — for "Redis down" tests. */
    async kill() {
      await stopChild();
    },
    async restart() {
      await stopChild();
      await launch();
    },
  };
}
