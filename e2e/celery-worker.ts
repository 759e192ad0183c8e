/**
 * The e2e harness's Celery part, self-contained so it merges beside other harness changes: a Celery
 * source in the e2e server's config (`celeryE2eSource`, used by playwright.config.ts), a real
 * Celery 5.2 worker (Debian's `/usr/bin/python3 -m celery`) running the fixture app of
 * lib/adapters/celery/testing/ on its own Redis dbs of the e2e Redis (`startCeleryE2eWorker`,
 * called by e2e/global-setup.ts; its own process group, stopped by its pid), and that fixture's
 * producer for specs (`sendCeleryE2e`). Not built on testing/worker.ts: that module is ESM
 * (import.meta), which Playwright's CommonJS loading of specs and config cannot require.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const PYTHON = '/usr/bin/python3';
const FIXTURE_DIR = join(__dirname, '..', 'lib', 'adapters', 'celery', 'testing');

export const CELERY_E2E = {
  source: 'celery',
  brokerDb: 5,
  backendDb: 6,
  hostname: 'e2e-worker@yardmaster',
  /** Queues the worker consumes. */
  queues: ['celery', 'exports'],
  /** A queue no worker consumes: messages sent there wait in the broker (peek, purge). */
  parked: 'e2e-parked',
} as const;

function withDb(redisUrl: string, db: number): string {
  const url = new URL(redisUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

function fixtureEnv(redisUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    YM_CELERY_BROKER: withDb(redisUrl, CELERY_E2E.brokerDb),
    YM_CELERY_BACKEND: withDb(redisUrl, CELERY_E2E.backendDb),
    YM_CELERY_SENT_EVENTS: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
}

/** The Celery source of the e2e server. */
export function celeryE2eSource(redisUrl: string) {
  return {
    id: CELERY_E2E.source,
    kind: 'celery' as const,
    label: 'Celery',
    broker: withDb(redisUrl, CELERY_E2E.brokerDb),
    backend: withDb(redisUrl, CELERY_E2E.backendDb),
    queues: [CELERY_E2E.parked],
  };
}

export interface CeleryE2eWorker {
  pid: number;
  stop(): Promise<void>;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/** Start the fixture worker (-E, prefork, 2 processes); resolves once it says it is ready. */
export async function startCeleryE2eWorker(redisUrl: string): Promise<CeleryE2eWorker> {
  const child = spawn(
    PYTHON,
    [
      '-m', 'celery', '-A', 'fixture_app', 'worker', '-E',
      '-Q', CELERY_E2E.queues.join(','),
      '--hostname', CELERY_E2E.hostname,
      '--concurrency', '2', '--pool', 'prefork', '--loglevel', 'INFO',
      '--without-mingle', '--without-gossip',
    ],
    { cwd: FIXTURE_DIR, env: fixtureEnv(redisUrl), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`celery worker not ready in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      // Keep the tail only: the worker logs every task it runs.
      output = (output + chunk.toString('utf8')).slice(-20_000);
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
  // Should the runner exit without its teardown (killed, crashed), the worker does not outlive it.
  process.once('exit', () => signalGroup(pid, 'SIGKILL'));
  let stopped: Promise<void> | null = null;
  return {
    pid,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        }
        signalGroup(pid, 'SIGKILL');
      })();
      return stopped;
    },
  };
}

const run = promisify(execFile);

/** Run a producer scenario of lib/adapters/celery/testing/send.py against the e2e broker; answers its JSON line. */
export async function sendCeleryE2e<T = { id: string }>(redisUrl: string, scenario: string, ...args: Array<string | number>): Promise<T> {
  const { stdout } = await run(PYTHON, ['send.py', scenario, ...args.map(String)], {
    cwd: FIXTURE_DIR,
    env: fixtureEnv(redisUrl),
    timeout: 90_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}
