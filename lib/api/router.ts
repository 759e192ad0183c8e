/**
 * Path matching for the route table. Patterns use OpenAPI's `{name}` syntax so the same string serves
 * the router and the OpenAPI document. Matching works on the still-encoded path: it is split on "/"
 * first and each segment decoded after, so a queue named "a/b" (sent as `a%2Fb`) stays one segment.
 */
import { ApiError } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string };

export interface CompiledPattern {
  pattern: string;
  segments: Segment[];
}

export function compilePattern(pattern: string): CompiledPattern {
  if (!pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${pattern}`);
  const segments = pattern
    .slice(1)
    .split('/')
    .map((part): Segment => {
      const param = /^\{([A-Za-z][A-Za-z0-9_]*)\}$/.exec(part);
      return param ? { kind: 'param', name: param[1]! } : { kind: 'literal', value: part };
    });
  return { pattern, segments };
}

/** Names of the `{params}` of a pattern, in order. */
export function patternParams(pattern: string): string[] {
  return compilePattern(pattern).segments.flatMap((segment) =>
    segment.kind === 'param' ? [segment.name] : [],
  );
}

/**
 * Split an encoded pathname (relative to the API base) into decoded segments.
 * `/sources/main/queues/a%2Fb` → ["sources", "main", "queues", "a/b"]. One trailing slash is ignored.
 * Malformed percent-encoding is the caller's fault: 400.
 */
export function splitPath(encodedPath: string): string[] {
  const trimmed = encodedPath.replace(/^\//, '').replace(/\/$/, '');
  if (trimmed === '') return [];
  return trimmed.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new ApiError('bad_request', `malformed percent-encoding in path segment "${segment}"`);
    }
  });
}

/** Params of `pattern` when `segments` match it, else null. Empty segments never fill a parameter. */
export function matchPattern(
  compiled: CompiledPattern,
  segments: readonly string[],
): Record<string, string> | null {
  if (compiled.segments.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of compiled.segments.entries()) {
    const value = segments[index]!;
    if (part.kind === 'literal') {
      if (part.value !== value) return null;
    } else {
      if (value === '') return null;
      params[part.name] = value;
    }
  }
  return params;
}

export interface Routable {
  method: HttpMethod;
  path: string;
}

export type RouteMatch<R extends Routable> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

/** A router over a fixed table; literal segments win over parameters through table order. */
export function createRouter<R extends Routable>(routes: readonly R[]) {
  const compiled = routes.map((route) => ({ route, pattern: compilePattern(route.path) }));
  return {
    match(method: string, segments: readonly string[]): RouteMatch<R> {
      const allowed: HttpMethod[] = [];
      for (const { route, pattern } of compiled) {
        const params = matchPattern(pattern, segments);
        if (!params) continue;
        if (route.method === method) return { kind: 'found', route, params };
        if (!allowed.includes(route.method)) allowed.push(route.method);
      }
      return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
    },
    /** Every method some route answers at these segments (for `Allow` and OPTIONS). */
    allowedMethods(segments: readonly string[]): HttpMethod[] {
      const allowed = new Set<HttpMethod>();
      for (const { route, pattern } of compiled)
        if (matchPattern(pattern, segments)) allowed.add(route.method);
      return [...allowed];
    },
  };
}
