// `npm run demo`: everything a newcomer needs to see Yardmaster alive, from a fresh Debian machine —
// installs what is missing, starts a local Redis, live BullMQ and Celery traffic, then serves the
// dashboard on http://127.0.0.1:3000. Ctrl-C stops every process it started.
//
// Options: --no-web     only Redis + traffic (pair with `REDIS_URL=... npm run dev`)
//          --rebuild    run `next build` even when the build looks current (it runs anyway when
//                       .next/BUILD_ID is missing or older than the sources)
//          --no-build   serve the existing build even when it is older than the sources
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps, MissingDependenciesError } from './ensure-deps.mjs';
import { startProcess } from './process-group.mjs';
import { portIsFree, startRedis, waitForPort } from './services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const withWeb = !args.has('--no-web');
const host = '127.0.0.1';
const webPort = Number(process.env.PORT || 3000);
const debianPython = '/usr/bin/python3';
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

const children = []; // started processes, stopped in reverse order
let redis;
let shuttingDown = false;

function banner(text) {
  console.log(`\n=== ${text}`);
}

async function shutdown(exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  banner('stopping the demo');
  // Traffic first, then the server and workers, Redis last so nobody logs lost connections.
  for (const started of [...children].reverse()) {
    await started.stop();
    console.log(`stopped ${started.label} (pid ${started.pid})`);
  }
  if (redis) {
    const pid = redis.pid;
    await redis.stop();
    console.log(`stopped redis-server (pid ${pid})`);
  }
  process.exit(exitCode);
}

/** A child that dies on its own takes the demo down with it: half a demo misleads. */
function track(started) {
  children.push(started);
  started.exited.then(({ code, signal }) => {
    if (shuttingDown) return;
    console.error(`\n${started.label} exited unexpectedly (${signal ?? `code ${code}`}); stopping the demo.`);
    if (started.logFile) console.error(`Its output is in ${started.logFile}`);
    void shutdown(1);
  });
  return started;
}

function fail(message) {
  console.error(`\n${message}`);
  return shutdown(1);
}

/** Newest modification time under the app's sources, to notice a build older than the code. */
function newestSourceMtime(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .reduce((newest, name) => Math.max(newest, newestSourceMtime(join(path, name))), 0);
}

function buildIsCurrent() {
  const buildId = statSync(join(root, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (!buildId) return false;
  const inputs = ['app', 'components', 'lib', 'public', 'next.config.ts', 'package.json', 'tsconfig.json', 'postcss.config.mjs'];
  return inputs.every((input) => newestSourceMtime(join(root, input)) <= buildId.mtimeMs);
}

/** The demo's two sources: BullMQ in db 0, the Celery broker (and result backend) in db 1. */
function demoSources(bullmqUrl, celeryBroker) {
  return [
    { id: 'bullmq', kind: 'bullmq', label: 'BullMQ (demo)', redis: bullmqUrl },
    { id: 'celery', kind: 'celery', label: 'Celery (demo)', broker: celeryBroker },
  ];
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: 'manual' });
      await response.body?.cancel();
      return response.status;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  banner('checking dependencies');
  try {
    ensureDeps({ root, systemPackages: ['redis-server', 'python3-celery', 'python3-redis'] });
  } catch (error) {
    if (error instanceof MissingDependenciesError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (withWeb && !(await portIsFree(webPort))) {
    console.error(`Port ${webPort} on ${host} is in use. Stop what uses it, or run with PORT=3001 npm run demo.`);
    process.exit(1);
  }

  banner('starting Redis');
  const redisPort = (await portIsFree(6379)) ? 6379 : undefined;
  redis = await startRedis({ port: redisPort, ownProcessGroup: true });
  const celeryUrl = `${redis.url}/1`;
  console.log(`redis-server pid ${redis.pid} on ${redis.url} (BullMQ in db 0, Celery in db 1)`);

  banner('starting BullMQ producers and workers');
  const bullmq = track(
    startProcess('bullmq', process.execPath, ['--import', 'tsx', join(root, 'scripts', 'demo', 'bullmq-demo.ts')], {
      cwd: root,
      env: { REDIS_URL: redis.url },
    }),
  );
  console.log(`BullMQ demo pid ${bullmq.pid}`);

  banner('starting the Celery worker and producer');
  const celeryEnv = { DEMO_CELERY_BROKER: celeryUrl, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
  const celeryDir = join(root, 'scripts', 'demo');
  const celeryLog = join(root, '.yardmaster', 'demo', 'celery-worker.log');
  const celeryWorker = track(
    startProcess(
      'celery',
      debianPython,
      ['-m', 'celery', '-A', 'celery_tasks', 'worker', '-E', '-Q', 'celery,emails,billing,exports', '--loglevel=INFO', '--concurrency', '4', '--hostname', 'demo@%h'],
      // INFO logs a line per task: too chatty for the terminal.
      { cwd: celeryDir, env: celeryEnv, logFile: celeryLog },
    ),
  );
  const celeryProducer = track(startProcess('celery-producer', debianPython, ['celery_producer.py'], { cwd: celeryDir, env: celeryEnv }));
  console.log(`Celery worker pid ${celeryWorker.pid} (log: ${celeryLog}), producer pid ${celeryProducer.pid}`);

  let dashboardUrl;
  if (withWeb) {
    const hasBuild = statSync(join(root, '.next', 'BUILD_ID'), { throwIfNoEntry: false }) !== undefined;
    if (args.has('--rebuild') || !hasBuild || (!args.has('--no-build') && !buildIsCurrent())) {
      banner('building the dashboard (next build)');
      const build = spawnSync(process.execPath, [nextBin, 'build'], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      });
      if (build.status !== 0) return fail('next build failed; the demo cannot serve the dashboard. Fix the build, or run with --no-web.');
    }
    banner(`serving the dashboard on ${host}:${webPort}`);
    // The demo's Redis, whatever the shell's own Yardmaster configuration says.
    const webEnv = {
      ...process.env,
      REDIS_URL: redis.url,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(webPort),
      YARDMASTER_SOURCES: JSON.stringify(demoSources(redis.url, celeryUrl)),
    };
    delete webEnv.YARDMASTER_CONFIG;
    const web = track(startProcess('web', process.execPath, [nextBin, 'start', '--hostname', host, '--port', String(webPort)], { cwd: root, env: webEnv }));
    console.log(`next start pid ${web.pid}`);
    await waitForPort(webPort, 60_000);
    dashboardUrl = `http://${host}:${webPort}`;
    await waitForHttp(dashboardUrl, 60_000);
  }

  banner('Yardmaster demo is running');
  if (dashboardUrl) console.log(`  Dashboard:      ${dashboardUrl}`);
  console.log(`  BullMQ source:  ${redis.url} (prefix "bull")`);
  console.log(`  Celery broker:  ${celeryUrl}`);
  if (dashboardUrl) console.log(`  Celery tasks:   ${dashboardUrl}/sources/celery/tasks`);
  if (!dashboardUrl) console.log(`  Dashboard:      not started (--no-web); try REDIS_URL=${redis.url} npm run dev`);
  console.log('  Press Ctrl-C to stop everything.\n');
}

main().catch((error) => fail(`demo failed: ${error instanceof Error ? error.message : String(error)}`));
