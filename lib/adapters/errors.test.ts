import { describe, expect, it, vi } from 'vitest';
import { SourceUnavailableError, stripCredentials } from './errors';

describe('stripCredentials', () => {
  it('masks passwords in URLs wherever they appear', () => {
    expect(stripCredentials('connect to redis://user:s3cret@host:6379/0 failed')).toBe(
      'connect to redis://user:***@host:6379/0 failed',
    );
    expect(stripCredentials('rediss://:pw@h')).toBe('rediss://:***@h');
    expect(stripCredentials('redis://host:6379')).toBe('redis://host:6379');
  });

  it('never puts a password in SourceUnavailableError messages', () => {
    const error = new SourceUnavailableError(
      'main',
      new Error('ECONNREFUSED redis://a:topsecret@10.0.0.1'),
    );
    expect(error.message).not.toContain('topsecret');
    expect(error.sourceId).toBe('main');
  });
});

describe('adapter errors across module copies', () => {
  it('are recognised by another copy of this module, as the API bundle meets errors of the pages bundle', async () => {
    const mine = await import('./errors');
    vi.resetModules();
    const other = await import('./errors');
    expect(other.SourceUnavailableError).not.toBe(mine.SourceUnavailableError);

    expect(new mine.SourceUnavailableError('main')).toBeInstanceOf(other.SourceUnavailableError);
    expect(new mine.ConflictError('no')).toBeInstanceOf(other.ConflictError);
    expect(new mine.InvalidCursorError()).toBeInstanceOf(other.InvalidCursorError);
    // …and only those: a plain error or another kind is not mistaken for one.
    expect(new Error('x')).not.toBeInstanceOf(other.SourceUnavailableError);
    expect(new mine.ConflictError('no')).not.toBeInstanceOf(other.SourceUnavailableError);
    expect(null).not.toBeInstanceOf(other.InvalidCursorError);
  });
});
