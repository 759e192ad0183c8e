/**
 * Reading a request's JSON body within bounds: at most `maxBytes` are read (the rest is never
 * buffered), and nesting deeper than `maxDepth` is refused before any schema walks it — zod's JSON
 * schema recurses once per level and would overflow the stack on a body nested thousands deep.
 */
import { ApiError } from './errors';

/** Job data of a few hundred KB is common; a megabyte-sized form is not something a person types. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** Far deeper than any job payload written by hand or by a library, far shallower than the stack. */
export const MAX_BODY_DEPTH = 200;

/** The parsed body, or `{}` when it is empty. */
export async function readJsonBody(
  request: Request,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<unknown> {
  const text = await readText(request, maxBytes);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw bodyError('not JSON');
  }
  if (depthExceeds(value, MAX_BODY_DEPTH)) {
    throw bodyError(`nested deeper than ${MAX_BODY_DEPTH} levels`);
  }
  return value;
}

async function readText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Iterative, so the check itself cannot overflow the stack it protects. */
export function depthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: item, depth } = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= maxDepth) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

function bodyError(message: string): ApiError {
  return new ApiError('bad_request', `invalid body: ${message}`, {
    issues: [{ in: 'body', path: '', message }],
  });
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('payload_too_large', `the request body is larger than ${maxBytes} bytes`, {
    maxBytes,
  });
}
