/**
 * Errors an adapter may throw; lib/api maps them onto the error envelope.
 *
 * `instanceof` on these works across bundles. Next compiles the API route and the pages that read
 * the API in-process (lib/server/prefetch.ts) into separate bundles, each with its own copy of this
 * module, while the adapters live once per process (the registry is on globalThis): an adapter built
 * by one bundle throws errors the other bundle's classes would not recognise, and a down source
 * would answer 500 instead of 503. Each class therefore marks its instances with a process-wide
 * symbol and recognises instances by that mark.
 */

function branded(name: string) {
  const mark = Symbol.for(`yardmaster.error.${name}`);
  return {
    mark,
    has: (value: unknown): boolean => typeof value === 'object' && value !== null && mark in value,
  };
}

const sourceUnavailable = branded('SourceUnavailableError');
const conflict = branded('ConflictError');
const invalidCursor = branded('InvalidCursorError');
const invalidInput = branded('InvalidInputError');

/** The backend of one source cannot be reached; other sources keep answering. */
export class SourceUnavailableError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return sourceUnavailable.has(value);
  }
  readonly [sourceUnavailable.mark] = true;
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
  static [Symbol.hasInstance](value: unknown): boolean {
    return conflict.has(value);
  }
  readonly [conflict.mark] = true;
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
  static [Symbol.hasInstance](value: unknown): boolean {
    return invalidCursor.has(value);
  }
  readonly [invalidCursor.mark] = true;
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

/**
 * The backend (or its library) refuses a value of the request as malformed: a cron pattern BullMQ
 * cannot schedule, a job id it forbids, a Temporal visibility query naming an unknown search
 * attribute (INVALID_ARGUMENT). The API answers 400 with the reason, naming the field when known.
 */
export class InvalidInputError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return invalidInput.has(value);
  }
  readonly [invalidInput.mark] = true;
  constructor(
    message: string,
    /** Dotted path of the field in the request body (`opts.jobId`), when one field is to blame. */
    readonly field: string | null = null,
  ) {
    super(stripCredentials(message));
    this.name = 'InvalidInputError';
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
