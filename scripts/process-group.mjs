// Long-running children for the demo: each in its own process group, so stopping one (by its pid)
// also stops what it forked (Celery's pool, tsx's loader), and an orderly shutdown is possible.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Start `command` in a new process group. Output lines are prefixed with `[label]`, or appended to
 * `logFile` for chatty children. stdin is a pipe the child may watch: it closes when this process
 * dies, however it dies.
 */
export function startProcess(label, command, args, { cwd, env, logFile } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const prefix = `[${label}]`;
  let log = (line) => console.log(`${prefix} ${line}`);
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    const file = createWriteStream(logFile, { flags: 'w' });
    log = (line) => file.write(`${line}\n`);
  }
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) log(line);
    });
    stream.on('end', () => pending && log(pending));
  }
  child.stdin.on('error', () => {}); // the child may exit before we close its stdin
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('error', (error) => console.error(`${prefix} could not start ${command}: ${error.message}`));
  return { label, child, pid: child.pid, logFile, exited, stop: (timeoutMs) => stopProcessGroup(child, exited, timeoutMs) };
}

const isRunning = (child) => child.exitCode === null && child.signalCode === null;

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/**
 * SIGTERM the child itself (a Celery worker then stops its own pool gracefully), SIGKILL its whole
 * group after `timeoutMs`; resolves when the child has exited.
 */
export async function stopProcessGroup(child, exited, timeoutMs = 8_000) {
  if (child.pid === undefined) return;
  if (isRunning(child)) {
    child.stdin?.end();
    child.kill('SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
  // Members that outlived their leader (a Celery pool process, say) go too.
  signalGroup(child, 'SIGKILL');
}
