import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { MAX_BODY_DEPTH, depthExceeds, readJsonBody } from './request-body';

function streamed(text: string): Request {
  // A body without content-length: the limit must hold while reading, not from the header.
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 1_000) controller.enqueue(bytes.slice(at, at + 1_000));
      controller.close();
    },
  });
  return new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

async function refusal(request: Request, maxBytes?: number): Promise<ApiError> {
  const error = await readJsonBody(request, maxBytes).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('readJsonBody', () => {
  it('parses JSON, and an empty body as {}', async () => {
    expect(await readJsonBody(streamed('{"a":[1,{"b":2}]}'))).toEqual({ a: [1, { b: 2 }] });
    expect(await readJsonBody(streamed('  '))).toEqual({});
  });

  it('stops reading past the limit, with or without a content-length', async () => {
    expect((await refusal(streamed('x'.repeat(5_000)), 4_096)).status).toBe(413);
    const declared = new Request('http://x/', { method: 'POST', body: 'y'.repeat(5_000) });
    expect((await refusal(declared, 4_096)).code).toBe('payload_too_large');
  });

  it('refuses what is not JSON and what is nested too deep, as 400', async () => {
    expect((await refusal(streamed('{"a": '))).message).toBe('invalid body: not JSON');
    const deep = `${'['.repeat(MAX_BODY_DEPTH + 1)}${']'.repeat(MAX_BODY_DEPTH + 1)}`;
    expect((await refusal(streamed(deep))).message).toContain('nested deeper');
    const fine = `${'['.repeat(MAX_BODY_DEPTH)}${']'.repeat(MAX_BODY_DEPTH)}`;
    expect(depthExceeds(JSON.parse(fine), MAX_BODY_DEPTH)).toBe(false);
  });
});
