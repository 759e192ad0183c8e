/** Errors an adapter may throw; lib/api maps them onto the error envelope. */

/** The backend of one source cannot be reached; other sources keep answering. */
export class SourceUnavailableError extends Error {
  readonly sourceId: string;
  constructor(sourceId: string, cause?: unknown) {
    // Never echo the connection string: it may carry a password.
    super(`source "${sourceId}" is unavailable: ${describeCause(cause)}`, { cause });
    this.name = 'SourceUnavailableError';
    this.sourceId = sourceId;
  }
}

/** The request is valid but the backend cannot do it in its present state (wrong job state, unsupported). */
export class ConflictError extends Error {
  readonly code: 'conflict' | 'unsupported';
  readonly details?: Record<string, unknown>;
  constructor(
    message: string,
    code: 'conflict' | 'unsupported' = 'conflict',
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ConflictError';
    this.code = code;
    this.details = details;
  }
}

/** A paging cursor the adapter did not issue, or one that was tampered with; the API answers 400. */
export class InvalidCursorError extends RangeError {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return stripCredentials(code ? `${code} ${cause.message}` : cause.message);
  }
  return 'unreachable';
}

/** redis://user:secret@host → redis://user:***@host, wherever it appears in a message. */
export function stripCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}
