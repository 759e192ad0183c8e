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

/**
 * Start a real Celery 5.2 worker (Debian's python3-celery, `/usr/bin/python3 -m celery`) on the
 * fixture app of lib/adapters/celery/testing, in its own process group, and wait until it says
 * ready. Returns { pid, hostname, stop() }; stop sends SIGTERM (warm shutdown: worker-offline is
 * sent), then kills the group so no pool process outlives it.
 */
export async function startFixtureCeleryWorker({ broker, backend, hostname, queues, concurrency = 2, cwd }) {
  const child = spawn(
    '/usr/bin/python3',
    ['-m', 'celery', '-A', 'fixture_app', 'worker', '-E', '-Q', queues.join(','), '--hostname', hostname,
      '--concurrency', String(concurrency), '--loglevel', 'INFO', '--without-mingle', '--without-gossip'],
    {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, YM_CELERY_BROKER: broker, YM_CELERY_BACKEND: backend, YM_CELERY_SENT_EVENTS: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
    },
  );
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`celery worker not ready in 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      if (/ ready\.\s*$/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`celery worker exited (${code}):\n${output}`));
    });
  });
  // Keep draining its output so a chatty worker never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone
    }
  };
  return {
    pid: child.pid,
    hostname,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => killGroup('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      killGroup('SIGKILL');
    },
  };
}
