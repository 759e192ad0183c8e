import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM shared with scripts/start.mjs
import { CliError, basePathMismatch, normaliseBasePath, parseCliArgs } from './cli-args.mjs';

describe('yardmaster command line', () => {
  it('reads every flag, with a space or an equals sign', () => {
    expect(parseCliArgs(['--config', 'ym.json', '--host=0.0.0.0', '--port', '8080', '--base-path=/admin/jobs/', '--read-only'])).toMatchObject({
      config: 'ym.json',
      host: '0.0.0.0',
      port: '8080',
      basePath: '/admin/jobs',
      readOnly: true,
      dev: false,
    });
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--version']).version).toBe(true);
    expect(parseCliArgs([])).toMatchObject({ config: undefined, port: undefined, basePath: undefined });
  });

  it.each([
    [['--bogus'], 'Unknown option: --bogus'],
    [['--port'], '--port needs a value.'],
    [['--port', 'http'], '--port must be a number from 1 to 65535, not "http".'],
    [['--port=70000'], '--port must be a number from 1 to 65535, not "70000".'],
    [['--config', '--read-only'], '--config needs a value.'],
    [['--base-path', 'admin'], '--base-path must start with "/", like /admin/jobs, not "admin".'],
    [['--base-path', '/a b'], '--base-path "/a b" may hold only letters, digits and . _ ~ - between slashes.'],
  ])('refuses %j with a message naming the flag', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('checks the base path against the build', () => {
    expect(normaliseBasePath('/')).toBe('');
    expect(basePathMismatch('/admin/jobs', '/admin/jobs')).toBeNull();
    expect(basePathMismatch(undefined, '')).toBeNull();
    expect(basePathMismatch('/admin/jobs', '')).toBe(
      'This build was made for no base path, but base path /admin/jobs was asked for. Next fixes the base path at build time; rebuild with YARDMASTER_BASE_PATH=/admin/jobs npm run build.',
    );
    expect(basePathMismatch(undefined, '/ops')).toContain('rebuild with YARDMASTER_BASE_PATH="" npm run build');
  });
});
