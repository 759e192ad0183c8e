// The one dependency bootstrap shared by `npm run demo` and `npm test`: installs what a fresh Debian
// machine with Node 20 lacks (node_modules, redis-server, chromium, Celery for /usr/bin/python3),
// or — when not root — prints the exact command to run and fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** How to tell each Debian package is usable; the check is functional, not a dpkg lookup. */
const SYSTEM_PACKAGES = {
  'redis-server': { present: () => commandWorks('redis-server', ['--version']) },
  chromium: { present: () => existsSync('/usr/bin/chromium') },
  // Debian's python, not whatever `python3` a version manager puts first on PATH.
  'python3-celery': { present: () => commandWorks('/usr/bin/python3', ['-c', 'import celery']) },
  'python3-redis': { present: () => commandWorks('/usr/bin/python3', ['-c', 'import redis']) },
};

export const KNOWN_SYSTEM_PACKAGES = Object.keys(SYSTEM_PACKAGES);

export class MissingDependenciesError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MissingDependenciesError';
  }
}

function commandWorks(command, args) {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

function run(command, args, { cwd, env } = {}) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd, env: { ...process.env, ...env } });
  if (result.error) throw new MissingDependenciesError(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new MissingDependenciesError(`${[command, ...args].join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/** Names among `packages` whose check fails on this machine. */
export function missingSystemPackages(packages) {
  return packages.filter((name) => {
    const spec = SYSTEM_PACKAGES[name];
    if (!spec) throw new Error(`ensure-deps: no check for system package "${name}"`);
    return !spec.present();
  });
}

function ensureSystemPackages(packages) {
  const missing = missingSystemPackages(packages);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new MissingDependenciesError(
      [
        `Missing system packages: ${missing.join(', ')}. Install them with:`,
        '',
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
        '',
        'then run this command again.',
      ].join('\n'),
    );
  }
  console.log(`Installing missing system packages: ${missing.join(', ')}`);
  const noPrompts = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env: noPrompts });
  run('apt-get', ['install', '-y', ...missing], { env: noPrompts });
  const stillMissing = missingSystemPackages(missing);
  if (stillMissing.length > 0) {
    throw new MissingDependenciesError(`apt-get finished but these still do not work: ${stillMissing.join(', ')}`);
  }
}

function ensureNodeModules(root) {
  if (existsSync(join(root, 'node_modules'))) return;
  console.log('node_modules is missing; installing the npm dependencies.');
  run('npm', ['install'], { cwd: root });
}

/**
 * Make sure `systemPackages` (names from KNOWN_SYSTEM_PACKAGES) work and node_modules exists.
 * Throws MissingDependenciesError with a message fit to print as is.
 */
export function ensureDeps({ root, systemPackages = [] }) {
  ensureSystemPackages(systemPackages);
  ensureNodeModules(root);
}
