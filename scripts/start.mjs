#!/usr/bin/env node
// `yardmaster` (npx yardmaster), `npm start` (and `npm run dev` with --dev): serve Yardmaster on HOST:PORT (default 127.0.0.1:3000)
// after a preflight (scripts/check-config.ts) that refuses a bad configuration or a non-loopback
// address without auth. `--config <file>` is the same as YARDMASTER_CONFIG=<file>.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, USAGE, basePathMismatch, normaliseBasePath, parseCliArgs } from './cli-args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Resolved, not joined: installed as a dependency, next may sit in a node_modules above ours.
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

function fail(message, code = 2) {
  console.error(message);
  process.exit(code);
}

let options;
try {
  options = parseCliArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliError) fail(`${error.message}\n\n${USAGE}`);
  throw error;
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (options.version) {
  console.log(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  process.exit(0);
}

const host = options.host ?? (process.env.HOST || '127.0.0.1');
const port = options.port ?? (process.env.PORT || '3000');
// Next's server reads the config from the environment; a relative --config is relative to where
// the user typed it, which npm makes the project root anyway.
const env = { ...process.env, HOST: host, PORT: port, NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1' };
if (options.config) env.YARDMASTER_CONFIG = resolve(process.env.INIT_CWD ?? process.cwd(), options.config);
if (options.readOnly) env.YARDMASTER_READ_ONLY = '1';
let wantedBasePath;
try {
  wantedBasePath = options.basePath ?? (process.env.YARDMASTER_BASE_PATH !== undefined ? normaliseBasePath(process.env.YARDMASTER_BASE_PATH) : undefined);
} catch (error) {
  if (error instanceof CliError) fail(error.message.replace('--base-path', 'YARDMASTER_BASE_PATH'));
  throw error;
}

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
if (!options.dev && wantedBasePath !== undefined) {
  // A prefix the build was not made for would serve pages whose assets all 404: refuse instead.
  const built = JSON.parse(readFileSync(join(root, '.next', 'required-server-files.json'), 'utf8')).config?.basePath ?? '';
  const mismatch = basePathMismatch(wantedBasePath, built);
  if (mismatch) fail(mismatch, 1);
}
if (options.dev && wantedBasePath !== undefined) env.YARDMASTER_BASE_PATH = wantedBasePath;

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
