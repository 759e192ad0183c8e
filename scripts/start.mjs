// `npm start` (and `npm run dev` with --dev): serve Yardmaster on HOST:PORT (default 127.0.0.1:3000)
// after a preflight (scripts/check-config.ts) that refuses a bad configuration or a non-loopback
// address without auth. `--config <file>` is the same as YARDMASTER_CONFIG=<file>.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function usage(problem) {
  console.error(`${problem}\nUsage: npm start [-- --config <file>]   (HOST, PORT, YARDMASTER_* from the environment)`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { dev: false, config: undefined };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--dev') options.dev = true;
    else if (arg === '--config') {
      options.config = argv[index + 1];
      index += 1;
      if (!options.config) usage('--config needs a file name.');
    } else if (arg.startsWith('--config=')) options.config = arg.slice('--config='.length);
    else usage(`Unknown argument: ${arg}`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';
// Next's server reads the config from the environment; a relative --config is relative to where
// the user typed it, which npm makes the project root anyway.
const env = { ...process.env, HOST: host, PORT: port, NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1' };
if (options.config) env.YARDMASTER_CONFIG = resolve(process.env.INIT_CWD ?? process.cwd(), options.config);

const preflight = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'check-config.ts')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (preflight.error) {
  console.error(`Could not run the config check (is tsx installed? run npm install): ${preflight.error.message}`);
  process.exit(1);
}
if (preflight.status !== 0) process.exit(preflight.status ?? 1);

if (!options.dev && !existsSync(join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build found. Run `npm run build` first (`npm run demo` builds on its own).');
  process.exit(1);
}

const server = spawn(process.execPath, [nextBin, options.dev ? 'dev' : 'start', '--hostname', host, '--port', port], {
  cwd: root,
  env,
  stdio: 'inherit',
});
// Ctrl-C reaches Next directly (same process group); SIGTERM from a supervisor is passed on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
