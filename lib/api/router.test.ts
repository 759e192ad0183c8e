import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { compilePattern, createRouter, matchPattern, patternParams, splitPath } from './router';

describe('splitPath', () => {
  it('decodes each segment after splitting, so an encoded "/" stays inside its segment', () => {
    expect(splitPath('/sources/main/queues/a%2Fb%20c%3Ad/jobs')).toEqual([
      'sources',
      'main',
      'queues',
      'a/b c:d',
      'jobs',
    ]);
  });

  it('keeps %2F encoded through new URL(), which is why it splits first', () => {
    const { pathname } = new URL('http://127.0.0.1/sources/s/queues/emails%2Fhigh');
    expect(pathname).toBe('/sources/s/queues/emails%2Fhigh');
    expect(splitPath(pathname)).toEqual(['sources', 's', 'queues', 'emails/high']);
  });

  it('ignores one trailing slash and maps the root to no segments', () => {
    expect(splitPath('/sources/')).toEqual(['sources']);
    expect(splitPath('/')).toEqual([]);
    expect(splitPath('')).toEqual([]);
  });

  it('keeps inner empty segments so they cannot fill a parameter', () => {
    expect(splitPath('/sources//queues')).toEqual(['sources', '', 'queues']);
  });

  it('answers 400 for malformed percent-encoding', () => {
    expect(() => splitPath('/sources/%E0%A4%A')).toThrow(ApiError);
    try {
      splitPath('/sources/%zz');
    } catch (error) {
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).code).toBe('bad_request');
    }
  });
});

describe('matchPattern', () => {
  const pattern = compilePattern('/sources/{source}/queues/{queue}');

  it('binds parameters by name', () => {
    expect(matchPattern(pattern, ['sources', 'main', 'queues', 'a/b'])).toEqual({
      source: 'main',
      queue: 'a/b',
    });
  });

  it('refuses other literals, other lengths and empty parameters', () => {
    expect(matchPattern(pattern, ['sources', 'main', 'jobs', 'x'])).toBeNull();
    expect(matchPattern(pattern, ['sources', 'main', 'queues'])).toBeNull();
    expect(matchPattern(pattern, ['sources', 'main', 'queues', 'q', 'jobs'])).toBeNull();
    expect(matchPattern(pattern, ['sources', '', 'queues', 'q'])).toBeNull();
  });

  it('lists the parameters of a pattern in order', () => {
    expect(patternParams('/sources/{source}/queues/{queue}/jobs/{job}')).toEqual([
      'source',
      'queue',
      'job',
    ]);
  });

  it('rejects a pattern without a leading slash', () => {
    expect(() => compilePattern('sources')).toThrow(/must start with/);
  });
});

describe('createRouter', () => {
  const router = createRouter([
    { method: 'GET' as const, path: '/sources/{source}/queues', id: 'list' },
    { method: 'GET' as const, path: '/sources/{source}/queues/{queue}', id: 'one' },
    {
      method: 'PUT' as const,
      path: '/sources/{source}/queues/{queue}/rate-limit',
      id: 'put-limit',
    },
    {
      method: 'DELETE' as const,
      path: '/sources/{source}/queues/{queue}/rate-limit',
      id: 'delete-limit',
    },
  ]);

  it('finds the route and its params', () => {
    const match = router.match('GET', ['sources', 's', 'queues', 'q 1']);
    expect(match.kind).toBe('found');
    if (match.kind === 'found') {
      expect(match.route.id).toBe('one');
      expect(match.params).toEqual({ source: 's', queue: 'q 1' });
    }
  });

  it('tells a known path with the wrong method apart from an unknown path', () => {
    expect(router.match('POST', ['sources', 's', 'queues', 'q', 'rate-limit'])).toEqual({
      kind: 'method-not-allowed',
      allowed: ['PUT', 'DELETE'],
    });
    expect(router.match('GET', ['sources', 's', 'nothing'])).toEqual({ kind: 'not-found' });
  });

  it('lists every method allowed at a path', () => {
    expect(router.allowedMethods(['sources', 's', 'queues', 'q', 'rate-limit'])).toEqual([
      'PUT',
      'DELETE',
    ]);
    expect(router.allowedMethods(['elsewhere'])).toEqual([]);
  });
});
