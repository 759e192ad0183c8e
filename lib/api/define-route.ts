/**
 * How a route of the table is written. A route declares its method, path, zod schemas for params,
 * query and response, a summary with an example, and a handler that sees parsed, typed input. Source
 * routes get their source (and capability check, and deadline) from `defineSourceRoute`, so handlers
 * hold only what is particular to them.
 */
import type { z } from 'zod';
import type { RegisteredSource } from '@/lib/adapters/registry';
import type { Capability, SourceAdapter } from '@/lib/adapters/types';
import type { ErrorCode } from './schemas';
import type { HttpMethod } from './router';
import type { SourceDirectory } from './source-access';
import { requireCapability, requireSource, withDeadline } from './source-access';

// An object schema whose values are plain string fields (path params) or coercible ones (query).
type ObjectSchema = z.ZodObject;

export interface ApiSettings {
  basePath: string;
  /** Deadline for one ping (health, sources). */
  pingTimeoutMs: number;
  /** Deadline for one source-scoped request. */
  sourceTimeoutMs: number;
}

export interface RouteContext<P, Q> {
  params: P;
  query: Q;
  /** The request itself, for routes that read headers or stream (the events route). */
  request: Request;
  registry: SourceDirectory;
  settings: ApiSettings;
  /** The whole table, for the OpenAPI route. */
  routes: readonly ApiRoute[];
}

export interface SourceRouteContext<P, Q> extends RouteContext<P, Q> {
  source: RegisteredSource;
  adapter: SourceAdapter;
}

interface RouteSpec<P extends ObjectSchema, Q extends ObjectSchema, R extends z.ZodType> {
  method: HttpMethod;
  /** OpenAPI-style template relative to the base path: `/sources/{source}/queues`. */
  path: string;
  /** OpenAPI tag grouping routes in the document. */
  tag: string;
  summary: string;
  description?: string;
  params: P;
  query: Q;
  response: R;
  /** One request and what it answers; must parse with `response` (a unit test checks). */
  example: { request: string; response: z.input<R> };
  /** Errors this route can answer besides 500; documented in OpenAPI. */
  errors: readonly ErrorCode[];
  /**
   * Big responses (job pages, details, payloads) may skip response validation in production; they
   * are still typed from the schema. Small ones are always validated.
   */
  heavy?: boolean;
}

/** A route of the table with its types erased; the handler re-checks the boundary. */
export interface ApiRoute {
  method: HttpMethod;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params: ObjectSchema;
  query: ObjectSchema;
  response: z.ZodType;
  example: { request: string; response: unknown };
  errors: readonly ErrorCode[];
  heavy: boolean;
  capability: Capability | null;
  /** JSON request body schema (mutations, lib/api/mutation.ts); documented in OpenAPI. */
  body?: z.ZodType;
  /** A streamed answer (`text/event-stream`: `response` is then each event's shape); JSON when absent. */
  streams?: 'text/event-stream';
  /** Params and query already parsed by `params`/`query`; returns the body before response validation. */
  run(context: RouteContext<unknown, unknown>): Promise<unknown>;
}

export function defineRoute<P extends ObjectSchema, Q extends ObjectSchema, R extends z.ZodType>(
  spec: RouteSpec<P, Q, R> & {
    handler: (context: RouteContext<z.output<P>, z.output<Q>>) => Promise<z.input<R>> | z.input<R>;
  },
): ApiRoute {
  const { handler, ...rest } = spec;
  return {
    ...rest,
    heavy: spec.heavy ?? false,
    capability: null,
    // The handler (router) parsed params and query with these very schemas before calling run.
    run: async (context) => handler(context as RouteContext<z.output<P>, z.output<Q>>),
  };
}

/**
 * A route under `/sources/{source}`: resolves the source (404), checks the capability (409), and
 * runs the handler under the per-source deadline (503 when the backend does not answer).
 */
export function defineSourceRoute<
  P extends z.ZodObject<{ source: z.ZodString }>,
  Q extends ObjectSchema,
  R extends z.ZodType,
>(
  spec: RouteSpec<P, Q, R> & {
    capability: Capability | null;
    handler: (context: SourceRouteContext<z.output<P>, z.output<Q>>) => Promise<z.input<R>>;
  },
): ApiRoute {
  const { handler, capability, ...rest } = spec;
  const errors = new Set<ErrorCode>(['not_found', 'source_unavailable', ...rest.errors]);
  if (capability) errors.add('unsupported');
  return {
    ...rest,
    errors: [...errors],
    heavy: spec.heavy ?? false,
    capability,
    run: async (erased) => {
      const context = erased as RouteContext<z.output<P>, z.output<Q>>;
      const source = requireSource(context.registry, context.params.source);
      if (capability) requireCapability(source, capability);
      return withDeadline(
        source.adapter.id,
        handler({ ...context, source, adapter: source.adapter }),
        context.settings.sourceTimeoutMs,
      );
    },
  };
}

/** A response that does not fit its schema is our bug, not the caller's: 500, logged with the issues. */
export function parseRouteResponse<R extends z.ZodType>(
  route: { method: string; path: string; response: R },
  result: unknown,
): z.output<R> {
  const parsed = route.response.safeParse(result);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(
    `response of ${route.method} ${route.path} does not match its schema: ${issues.join('; ')}`,
  );
}
