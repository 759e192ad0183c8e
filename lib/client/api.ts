/**
 * Browser access to the REST API: every response is parsed with its zod schema from
 * lib/api/schemas.ts (never cast), and every failure becomes an ApiError.
 */
import type { z } from 'zod';
import { ErrorEnvelope } from '@/lib/api/schemas';
import type { ErrorCode } from '@/lib/api/schemas';

/** Codes of the server's error envelope, plus the two failures only the browser sees. */
export type ApiErrorCode = ErrorCode | 'network_error' | 'invalid_response';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details?: unknown;
  constructor(code: ApiErrorCode, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/**
 * The prefix the app is served under. NEXT_PUBLIC_BASE_PATH wins; otherwise Next's own
 * `basePath` (inlined at build time from next.config's YARDMASTER_BASE_PATH).
 */
export function basePath(): string {
  const configured = process.env.NEXT_PUBLIC_BASE_PATH ?? process.env.__NEXT_ROUTER_BASEPATH ?? '';
  return configured.replace(/\/+$/, '');
}

type QueryValue = string | number | null | undefined;

/**
 * `/api/v1/<segments>` with every segment URL-encoded (queue names may hold "/", ":" and spaces)
 * and the defined query values appended.
 */
export function apiPath(segments: readonly string[], query: Record<string, QueryValue> = {}): string {
  const path = `/api/v1/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** GET `path` (from apiPath) and parse the JSON body with `schema`; throws ApiError otherwise. */
export async function fetchJson<Schema extends z.ZodType>(
  path: string,
  schema: Schema,
  init: { signal?: AbortSignal } = {},
): Promise<z.infer<Schema>> {
  let response: Response;
  try {
    response = await fetch(`${basePath()}${path}`, {
      headers: { accept: 'application/json' },
      signal: init.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('network_error', `cannot reach the server: ${(error as Error).message}`, 0);
  }
  return readApiResponse(response, path, schema);
}

/**
 * The body of an API response parsed with `schema`, or the ApiError it stands for (the error
 * envelope's code, or `invalid_response` when the body does not fit). Shared by reads and mutations.
 */
export async function readApiResponse<Schema extends z.ZodType>(
  response: Response,
  path: string,
  schema: Schema,
): Promise<z.infer<Schema>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      response.ok ? 'invalid_response' : 'internal',
      `the server answered ${response.status} without JSON`,
      response.status,
    );
  }

  if (!response.ok) {
    const envelope = ErrorEnvelope.safeParse(body);
    if (envelope.success) {
      const { code, message, details } = envelope.data.error;
      throw new ApiError(code, message, response.status, details);
    }
    throw new ApiError('internal', `the server answered ${response.status}`, response.status);
  }

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError('invalid_response', `unexpected response from ${path}`, response.status, parsed.error.issues);
  }
  return parsed.data;
}
