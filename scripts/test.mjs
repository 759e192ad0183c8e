// `npm test`: installs what is missing, then runs every stage in order and stops at the first
// failure: typecheck, lint, unit, integration, build, e2e. Each stage starts the real services it
// needs itself (integration: vitest's globalSetup starts redis-server; e2e: scripts/e2e.mjs).
//
//   npm test                            all stages
//   npm test -- --only unit,integration a subset, still in the order above
//
// The last line is the plain `N passed, N failed[, N skipped]` over stages, which CI reads.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps, MissingDependenciesError } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** `needs`: Debian packages the stage's real services come from. */
const STAGES = [
  { name: 'typecheck', needs: [], commands: [[bin('next'), 'typegen'], [bin('tsc'), '--noEmit']] },
  { name: 'lint', needs: [], commands: [[bin('eslint'), '.']] },
  { name: 'unit', needs: [], commands: [[bin('vitest'), 'run', '--project', 'unit']] },
  {
    name: 'integration',
    needs: ['redis-server', 'python3-celery', 'python3-redis'],
    commands: [[bin('vitest'), 'run', '--project', 'integration']],
  },
  { name: 'build', needs: [], commands: [[bin('next'), 'build']] },
  {
    name: 'e2e',
    needs: ['redis-server', 'chromium', 'python3-celery', 'python3-redis'],
    commands: [[process.execPath, join(root, 'scripts', 'e2e.mjs')]],
    requires: join(root, 'scripts', 'e2e.mjs'),
  },
];
const STAGE_NAMES = STAGES.map((stage) => stage.name);

function selectStages(argv) {
  let list;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--only') {
      list = argv[index + 1];
      index += 1;
      if (!list) usage('--only needs a comma-separated list of stages.');
    } else if (arg.startsWith('--only=')) list = arg.slice('--only='.length);
    else usage(`Unknown argument: ${arg}`);
  }
  if (list === undefined) return STAGES;
  const wanted = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = wanted.filter((name) => !STAGE_NAMES.includes(name));
  if (unknown.length > 0 || wanted.length === 0) usage(`Unknown stage: ${unknown.join(', ') || '(none given)'}`);
  return STAGES.filter((stage) => wanted.includes(stage.name));
}

function usage(problem) {
  console.error(`${problem}\nUsage: npm test [-- --only ${STAGE_NAMES.join(',')}]`);
  process.exit(2);
}

let current; // the running stage's child, so Ctrl-C waits for it rather than orphaning it
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    // Ctrl-C already reached the child (same process group); a supervisor's SIGTERM did not.
    if (signal === 'SIGTERM') current?.kill('SIGTERM');
  });
}

function runCommand([command, ...args]) {
  console.log(`$ ${[command.replace(`${root}/`, ''), ...args].join(' ')}`);
  return new Promise((resolve) => {
    current = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    current.once('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(false);
    });
    current.once('exit', (code) => resolve(code === 0));
  });
}

async function runStage(stage) {
  if (stage.requires && !existsSync(stage.requires)) {
    console.error(`${stage.requires.replace(`${root}/`, '')} does not exist.`);
    return false;
  }
  for (const command of stage.commands) {
    if (!(await runCommand(command))) return false;
  }
  return true;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const stages = selectStages(process.argv.slice(2));
  const systemPackages = [...new Set(stages.flatMap((stage) => stage.needs))];
  try {
    ensureDeps({ root, systemPackages });
  } catch (error) {
    if (error instanceof MissingDependenciesError) {
      console.error(error.message);
      console.log(`\n0 passed, ${stages.length} failed`);
      process.exit(1);
    }
    throw error;
  }

  const results = [];
  for (const stage of stages) {
    console.log(`\n${'='.repeat(72)}\n== ${stage.name}\n${'='.repeat(72)}`);
    const started = Date.now();
    const ok = !interrupted && (await runStage(stage));
    results.push({ name: stage.name, ok, ms: Date.now() - started });
    if (!ok) {
      console.log(`\n!! stage "${stage.name}" FAILED after ${seconds(Date.now() - started)}${interrupted ? ' (interrupted)' : ''}`);
      break;
    }
  }

  const passed = results.filter((result) => result.ok).length;
  const failed = results.length - passed;
  const skipped = stages.length - results.length;
  console.log(`\n${'='.repeat(72)}\n== summary`);
  for (const stage of stages) {
    const result = results.find((entry) => entry.name === stage.name);
    const status = result ? (result.ok ? 'passed' : 'FAILED') : 'skipped';
    console.log(`  ${stage.name.padEnd(12)} ${status.padEnd(8)} ${result ? seconds(result.ms) : ''}`);
  }
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
});
