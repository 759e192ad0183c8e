// The `yardmaster` command itself, run as a user runs it: help, version and bad flags answer at once,
// before any config check or server start.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/start.mjs', ...args], { encoding: 'utf8', timeout: 20_000 });

describe('yardmaster (scripts/start.mjs, the package bin)', () => {
  it('prints its help and version', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: yardmaster [options]');
    expect(help.stdout).toContain('--base-path <prefix>');
    const version = run('-v');
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).bin).toEqual({ yardmaster: 'scripts/start.mjs' });
  });

  it('refuses a bad flag with exit code 2, the reason and the usage', () => {
    const bad = run('--port', '99999');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port must be a number from 1 to 65535, not "99999".');
    expect(bad.stderr).toContain('Usage: yardmaster');
    expect(run('--nope').stderr).toContain('Unknown option: --nope');
  });
});
