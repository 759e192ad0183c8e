import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, apiPath, fetchJson } from './api';

// A real HTTP server answering fixed bodies per path; fetchJson resolves paths against it.
const bodies: Record<string, { status: number; body: string }> = {
  '/api/v1/ok': { status: 200, body: JSON.stringify({ count: 3 }) },
  '/api/v1/wrong-shape': { status: 200, body: JSON.stringify({ count: 'three' }) },
  '/api/v1/down': {
    status: 503,
    body: JSON.stringify({ error: { code: 'source_unavailable', message: 'source "main" is unavailable' } }),
  },
  '/api/v1/html-error': { status: 502, body: '<html>bad gateway</html>' },
};
const server = createServer((request, response) => {
  const answer = bodies[request.url ?? ''] ?? { status: 404, body: JSON.stringify({ error: { code: 'not_found', message: 'no' } }) };
  response.writeHead(answer.status, { 'content-type': 'application/json' });
  response.end(answer.body);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.NEXT_PUBLIC_BASE_PATH = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  delete process.env.NEXT_PUBLIC_BASE_PATH;
  await new Promise((resolve) => server.close(resolve));
});

const Count = z.object({ count: z.number() });

describe('apiPath', () => {
  it('encodes each segment and drops empty query values', () => {
    expect(apiPath(['sources', 'main', 'queues', 'tenant/a b:c', 'jobs'], { state: 'failed', cursor: undefined, limit: 50 })).toBe(
      '/api/v1/sources/main/queues/tenant%2Fa%20b%3Ac/jobs?state=failed&limit=50',
    );
  });
});

describe('fetchJson', () => {
  it('returns the body parsed by the schema', async () => {
    await expect(fetchJson('/api/v1/ok', Count)).resolves.toEqual({ count: 3 });
  });

  it('rejects a body that does not match the schema instead of casting it', async () => {
    const error = await fetchJson('/api/v1/wrong-shape', Count).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
  });

  it('turns the error envelope into an ApiError with its code, message and status', async () => {
    const error = await fetchJson('/api/v1/down', Count).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'source_unavailable', status: 503, message: 'source "main" is unavailable' });
  });

  it('reports a non-JSON error page by its status', async () => {
    const error = await fetchJson('/api/v1/html-error', Count).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'internal', status: 502 });
  });
});
