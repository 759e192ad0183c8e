/**
 * The API's one error path: every failure becomes `{ error: { code, message, details? } }` with the
 * HTTP status its code implies. Handlers throw; only `toErrorResponse` turns errors into responses.
 */
import type { z } from 'zod';
import {
  ConflictError,
  InvalidCursorError,
  InvalidInputError,
  SourceUnavailableError,
  stripCredentials,
} from '@/lib/adapters/errors';
import type { ErrorCode, ErrorEnvelope } from './schemas';

export const statusOfCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  unsupported: 409,
  conflict: 409,
  payload_too_large: 413,
  source_unavailable: 503,
  internal: 500,
};

/** An error whose message is safe to show the caller as is. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers (e.g. `Allow` on a 405). */
    readonly headers?: Record<string, string>,
    status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status ?? statusOfCode[code];
  }
}

export type RequestPart = 'path' | 'query' | 'body';

export interface RequestIssue {
  in: RequestPart;
  /** Dotted path of the offending field, e.g. `limit` or `items.0.id`. */
  path: string;
  message: string;
}

/** A zod failure on request input, as a 400 that names each bad field. */
export function badRequestFromZod(part: RequestPart, error: z.ZodError): ApiError {
  const issues: RequestIssue[] = error.issues.map((issue) => ({
    in: part,
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ');
  return new ApiError(
    'bad_request',
    `invalid ${part === 'path' ? 'path parameter' : part}: ${summary}`,
    { issues },
  );
}

export function notFound(message: string): ApiError {
  return new ApiError('not_found', message);
}

export function methodNotAllowed(method: string, allowed: readonly string[]): ApiError {
  return new ApiError(
    'method_not_allowed',
    `method ${method} is not allowed here; allowed: ${allowed.join(', ')}`,
    { allowed },
    { allow: allowed.join(', ') },
  );
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** Where a failure happened, for the one log line an unexpected error gets. */
export interface ErrorContext {
  method: string;
  path: string;
}

/**
 * Map any thrown value onto the envelope. Known errors carry their own safe message; anything else is a
 * 500 with a generic message, logged once here (credentials stripped) and never echoed to the caller.
 */
export function toErrorResponse(error: unknown, context: ErrorContext): Response {
  const { status, body, headers } = describeError(error, context);
  return jsonResponse(body, status, headers);
}

function describeError(
  error: unknown,
  context: ErrorContext,
): { status: number; body: ErrorEnvelope; headers?: Record<string, string> } {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      body: envelope(error.code, error.message, error.details),
      headers: error.headers,
    };
  }
  if (error instanceof SourceUnavailableError) {
    // The adapter's message already has credentials removed; strip again in case a cause slipped through.
    return {
      status: 503,
      body: envelope('source_unavailable', stripCredentials(error.message), {
        source: error.sourceId,
      }),
      headers: { 'retry-after': '5' },
    };
  }
  if (isInvalidCursor(error)) {
    const issues: RequestIssue[] = [{ in: 'query', path: 'cursor', message: error.message }];
    return {
      status: 400,
      body: envelope('bad_request', 'invalid query: cursor: not a cursor this API issued', {
        issues,
      }),
    };
  }
  if (error instanceof InvalidInputError) {
    const path = error.field ?? '';
    const issues: RequestIssue[] = [{ in: 'body', path, message: error.message }];
    return {
      status: 400,
      body: envelope('bad_request', error.field ? `invalid body: ${error.field}: ${error.message}` : error.message, { issues }),
    };
  }
  if (error instanceof ConflictError) {
    return {
      status: 409,
      body: envelope(error.code, stripCredentials(error.message), error.details),
    };
  }
  logUnexpected(error, context);
  return {
    status: 500,
    body: envelope('internal', 'internal error; the server log has the details'),
  };
}

function isInvalidCursor(error: unknown): error is InvalidCursorError {
  return error instanceof InvalidCursorError;
}

function envelope(code: ErrorCode, message: string, details?: unknown): ErrorEnvelope {
  return details === undefined
    ? { error: { code, message } }
    : { error: { code, message, details } };
}

function logUnexpected(error: unknown, context: ErrorContext): void {
  const text =
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  console.error(
    `[yardmaster api] ${context.method} ${context.path} failed: ${stripCredentials(text)}`,
  );
}
