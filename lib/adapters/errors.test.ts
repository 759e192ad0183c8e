import { describe, expect, it } from 'vitest';
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
    const error = new SourceUnavailableError('main', new Error('ECONNREFUSED redis://a:topsecret@10.0.0.1'));
    expect(error.message).not.toContain('topsecret');
    expect(error.sourceId).toBe('main');
  });
});
