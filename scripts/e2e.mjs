// `npm run test:e2e`: owns the services Playwright's specs need. Playwright starts its webServer
// before globalSetup, so Redis must exist before Playwright does: start Redis, build the app if
// there is no build (or --build), run `playwright test` with E2E_REDIS_URL / E2E_PORT, stop Redis
// by its pid, exit with Playwright's code. Other arguments go to Playwright (e.g. a spec file).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, startRedis } from './services.mjs';

const args = process.argv.slice(2);
const forceBuild = args.includes('--build');
const playwrightArgs = args.filter((arg) => arg !== '--build');

let current = null;

function run(command, commandArgs, env = process.env) {
  return new Promise((resolve) => {
    current = spawn(command, commandArgs, { stdio: 'inherit', env });
    current.once('error', (error) => {
      console.error(`[e2e] cannot start ${command}: ${error.message}`);
      resolve(1);
    });
    current.once('exit', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (forceBuild || !existsSync('.next/BUILD_ID')) {
  console.log('[e2e] building the app (next build)…');
  const code = await run('npx', ['next', 'build']);
  if (code !== 0) process.exit(code);
}

const redis = await startRedis();
const port = await freePort();
console.log(`[e2e] redis ${redis.url} (pid ${redis.pid}), app on 127.0.0.1:${port}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Let Playwright shut its web server down, then stop Redis below when it exits.
    current?.kill(signal);
  });
}

const code = await run('npx', ['playwright', 'test', ...playwrightArgs], {
  ...process.env,
  E2E_REDIS_URL: redis.url,
  E2E_PORT: String(port),
});
await redis.stop();
process.exit(code);
