/**
 * Integration-test helpers: a real Celery 5.2 worker (Debian's python3-celery) running the fixture
 * app on the test Redis, in its own process group, stopped by its pid; and the fixture producer.
 */
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);

export interface CeleryEnv {
  broker: string;
  backend: string;
  keyPrefix?: string;
  sentEvents?: boolean;
}

function pythonEnv(env: CeleryEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    YM_CELERY_BROKER: env.broker,
    YM_CELERY_BACKEND: env.backend,
    YM_CELERY_KEYPREFIX: env.keyPrefix ?? '',
    YM_CELERY_SENT_EVENTS: env.sentEvents === false ? '0' : '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
}

export interface CeleryWorker {
  pid: number;
  hostname: string;
  /** Everything the worker printed (for failure messages). */
  output(): string;
  /** Warm shutdown (SIGTERM: the worker sends worker-offline), then the whole group goes. */
  stop(): Promise<void>;
}

export interface WorkerOptions extends CeleryEnv {
  hostname: string;
  queues: string[];
  /** -E: task events on from the start (default true). */
  events?: boolean;
  concurrency?: number;
  pool?: 'prefork' | 'solo';
  /** `--autoscale=max,min` instead of a fixed concurrency. */
  autoscale?: { max: number; min: number };
}

export async function startCeleryWorker(options: WorkerOptions): Promise<CeleryWorker> {
  const args = [
    '-m', 'celery', '-A', 'fixture_app', 'worker',
    '-Q', options.queues.join(','),
    '--hostname', options.hostname,
    ...(options.autoscale
      ? [`--autoscale=${options.autoscale.max},${options.autoscale.min}`]
      : ['--concurrency', String(options.concurrency ?? 2)]),
    '--pool', options.pool ?? 'prefork',
    '--loglevel', 'INFO',
    '--without-mingle', '--without-gossip',
  ];
  if (options.events !== false) args.push('-E');
  const child: ChildProcess = spawn(PYTHON, args, {
    cwd: here,
    env: pythonEnv(options),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`celery worker not ready in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/ ready\.\s*$/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`celery worker exited (${code}):\n${output}`));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    hostname: options.hostname,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      // Pool processes that outlived their parent go too.
      signalGroup(pid, 'SIGKILL');
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/** Run a producer scenario of testing/send.py; answers its JSON line. */
export async function sendTasks<T = { id: string }>(env: CeleryEnv, scenario: string, ...args: Array<string | number>): Promise<T> {
  const { stdout } = await run(PYTHON, ['send.py', scenario, ...args.map(String)], {
    cwd: here,
    env: pythonEnv(env),
    // Python's start-up on a loaded machine takes seconds; patience, not a timing assertion.
    timeout: 90_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

/** A Redis URL on db `db` of the test Redis. */
export function withDb(redisUrl: string, db: number): string {
  const url = new URL(redisUrl);
  url.pathname = `/${db}`;
  return url.toString();
}


/**
 * A test file's own broker and backend: dbs `brokerDb` and `backendDb` of the test Redis, emptied
 * first so nothing another run left behind is read back.
 */
export async function emptyCeleryEnv(redisUrl: string, brokerDb: number, backendDb: number): Promise<CeleryEnv> {
  const flush = new Redis(redisUrl);
  try {
    for (const db of [brokerDb, backendDb]) {
      await flush.select(db);
      await flush.flushdb();
    }
  } finally {
    flush.disconnect();
  }
  return { broker: withDb(redisUrl, brokerDb), backend: withDb(redisUrl, backendDb) };
}
