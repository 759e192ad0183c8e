import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConflictError, InvalidCursorError, SourceUnavailableError } from '@/lib/adapters/errors';
import { ApiError, badRequestFromZod, methodNotAllowed, toErrorResponse } from './errors';
import { ErrorEnvelope } from './schemas';

const context = { method: 'GET', path: '/api/v1/sources/main/queues' };

async function read(response: Response) {
  return ErrorEnvelope.parse(await response.json());
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('toErrorResponse', () => {
  it('answers an ApiError with its own status, code and details', async () => {
    const response = toErrorResponse(
      new ApiError('not_found', 'queue "x" not found', { queue: 'x' }),
      context,
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await read(response)).toEqual({
      error: { code: 'not_found', message: 'queue "x" not found', details: { queue: 'x' } },
    });
  });

  it('maps SourceUnavailableError to 503 naming the source, without the password', async () => {
    const cause = new Error('connect ECONNREFUSED redis://admin:hunter2@10.0.0.1:6379');
    const response = toErrorResponse(new SourceUnavailableError('legacy', cause), context);
    expect(response.status).toBe(503);
    const body = await read(response);
    expect(body.error.code).toBe('source_unavailable');
    expect(body.error.details).toEqual({ source: 'legacy' });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('maps ConflictError to 409 with its code', async () => {
    const response = toErrorResponse(
      new ConflictError('cannot retry an active job', 'conflict'),
      context,
    );
    expect(response.status).toBe(409);
    expect((await read(response)).error.code).toBe('conflict');
    const unsupported = toErrorResponse(
      new ConflictError('no such thing here', 'unsupported'),
      context,
    );
    expect((await read(unsupported)).error.code).toBe('unsupported');
  });

  it('hides anything else behind a generic 500, logged once without credentials', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = new Error('boom while talking to redis://default:s3cret@cache.internal:6379');
    const response = toErrorResponse(error, context);
    expect(response.status).toBe(500);
    const body = await read(response);
    expect(body.error.code).toBe('internal');
    const text = JSON.stringify(body);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('boom');
    expect(text).not.toContain('at ');
    expect(log).toHaveBeenCalledTimes(1);
    const logged = String(log.mock.calls[0]?.[0]);
    expect(logged).toContain('boom');
    expect(logged).toContain(context.path);
    expect(logged).not.toContain('s3cret');
  });

  it('answers 400 naming `cursor` for a cursor an adapter did not issue', async () => {
    const response = toErrorResponse(new InvalidCursorError(), context);
    expect(response.status).toBe(400);
    expect((await read(response)).error).toMatchObject({
      code: 'bad_request',
      details: { issues: [{ path: 'cursor' }] },
    });
  });

  it('answers 405 with an Allow header', async () => {
    const response = toErrorResponse(methodNotAllowed('POST', ['GET']), context);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await read(response)).error.code).toBe('method_not_allowed');
  });
});

describe('badRequestFromZod', () => {
  it('names each bad field with its location', () => {
    const result = z
      .object({ limit: z.coerce.number().int().max(500) })
      .safeParse({ limit: '501' });
    expect(result.success).toBe(false);
    if (result.success) return;
    const error = badRequestFromZod('query', result.error);
    expect(error.status).toBe(400);
    expect(error.message).toContain('limit');
    expect(error.details).toEqual({
      issues: [{ in: 'query', path: 'limit', message: expect.any(String) }],
    });
  });
});
