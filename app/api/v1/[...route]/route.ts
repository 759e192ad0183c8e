// REST API v1 in Next: every method hands the request to the framework-free core (lib/api/handler).
import 'server-only';
import { getRegistry } from '@/lib/adapters/registry';
import type { ApiHandler } from '@/lib/api/handler';
import { createApiHandler } from '@/lib/api/handler';
import { toErrorResponse } from '@/lib/api/errors';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// Built on first request, not at import: `next build` imports this module without a config or Redis.
let handler: ApiHandler | undefined;
async function handle(request: Request): Promise<Response> {
  try {
    handler ??= createApiHandler({ registry: getRegistry() });
  } catch (error) {
    // A bad configuration still answers in the error envelope (and is logged once per request).
    return toErrorResponse(error, { method: request.method, path: new URL(request.url).pathname });
  }
  return handler(request);
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const DELETE = handle;
export const PATCH = handle;
export const OPTIONS = handle;
