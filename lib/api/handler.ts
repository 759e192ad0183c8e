/**
 * The framework-free core of REST API v1: `(Request) => Promise<Response>` over Web standard types.
 * Next's route handlers, the mount helpers and the tests all call this one function.
 *
 * Not marked `server-only`: that package throws outside React's server bundle, and this core also runs
 * under plain Node (mount helpers, bench). It is reached only through server code.
 */
import type { ApiRoute, ApiSettings } from './define-route';
import { parseRouteResponse } from './define-route';
import {
  badRequestFromZod,
  jsonResponse,
  methodNotAllowed,
  notFound,
  toErrorResponse,
} from './errors';
import type { HttpMethod } from './router';
import { createRouter, splitPath } from './router';
import { routes as defaultRoutes } from './routes';
import type { SourceDirectory } from './source-access';

export interface ApiHandlerOptions {
  registry: SourceDirectory;
  /** Where the API is mounted; paths outside it answer 404. */
  basePath?: string;
  /** Deadline of one source ping in /health and /sources. */
  pingTimeoutMs?: number;
  /** Deadline of one source-scoped request before it answers 503. */
  sourceTimeoutMs?: number;
  /**
   * `all`: every response parsed with its schema (development, test). `light`: heavy responses (job
   * pages, details, payloads) skip it. Default: `light` in production, `all` otherwise.
   */
  validateResponses?: 'all' | 'light';
  /** The route table; tests may pass their own. */
  routes?: readonly ApiRoute[];
  /** Told of every answer (the Prometheus request histogram, lib/metrics). */
  observe?: (answer: AnswerObservation) => void;
}

export interface AnswerObservation {
  method: string;
  /** The matched route's path template, `unmatched` when none matched. */
  route: string;
  status: number;
  seconds: number;
}

export type ApiHandler = (request: Request) => Promise<Response>;

const ALL_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const settings: ApiSettings = {
    basePath: normaliseBasePath(options.basePath ?? '/api/v1'),
    pingTimeoutMs: options.pingTimeoutMs ?? 1_500,
    sourceTimeoutMs: options.sourceTimeoutMs ?? 15_000,
  };
  const validateResponses =
    options.validateResponses ?? (process.env.NODE_ENV === 'production' ? 'light' : 'all');
  const table = options.routes ?? defaultRoutes;
  const router = createRouter(table);

  const observe = options.observe;
  const answer = async (request: Request): Promise<Response> => {
    if (!observe) return handleApiRequest(request, () => undefined);
    const started = performance.now();
    let route = 'unmatched';
    const response = await handleApiRequest(request, (path) => (route = path));
    observe({
      method: request.method,
      route,
      status: response.status,
      seconds: (performance.now() - started) / 1_000,
    });
    return response;
  };
  return answer;

  async function handleApiRequest(
    request: Request,
    matched: (routePath: string) => void,
  ): Promise<Response> {
    const url = new URL(request.url);
    const context = { method: request.method, path: url.pathname };
    try {
      const relative = stripBasePath(url.pathname, settings.basePath);
      if (relative === null) throw notFound(`no API route at ${url.pathname}`);
      const segments = splitPath(relative);

      // HEAD is GET without a body; OPTIONS lists what the path allows.
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      if (request.method === 'OPTIONS') return optionsResponse(router.allowedMethods(segments));
      if (!ALL_METHODS.includes(method as HttpMethod)) {
        const allowed = router.allowedMethods(segments);
        throw allowed.length
          ? methodNotAllowed(request.method, allowed)
          : notFound(`no API route at ${url.pathname}`);
      }

      const match = router.match(method, segments);
      if (match.kind === 'not-found') throw notFound(`no API route at ${url.pathname}`);
      if (match.kind === 'method-not-allowed')
        throw methodNotAllowed(request.method, match.allowed);

      const { route } = match;
      matched(route.path);
      const params = route.params.safeParse(match.params);
      if (!params.success) throw badRequestFromZod('path', params.error);
      const query = route.query.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) throw badRequestFromZod('query', query.error);

      const result = await route.run({
        params: params.data,
        query: query.data,
        request,
        registry: options.registry,
        settings,
        routes: table,
      });
      // A streaming route (GET /events) answers its own Response; it has no JSON body to check.
      if (result instanceof Response) return result;
      const body =
        validateResponses === 'all' || !route.heavy ? parseRouteResponse(route, result) : result;
      const response = jsonResponse(body);
      return request.method === 'HEAD'
        ? new Response(null, { status: 200, headers: response.headers })
        : response;
    } catch (error) {
      return toErrorResponse(error, context);
    }
  }
}

function optionsResponse(allowed: readonly HttpMethod[]): Response {
  if (!allowed.length) throw notFound('no API route here');
  return new Response(null, {
    status: 204,
    headers: { allow: [...allowed, 'OPTIONS'].join(', ') },
  });
}

function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The encoded path below the base, or null when the request is not under it. */
function stripBasePath(pathname: string, basePath: string): string | null {
  if (basePath === '') return pathname;
  if (pathname === basePath) return '';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
}
