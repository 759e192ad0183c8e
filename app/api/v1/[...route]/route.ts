// REST API v1 in Next: every method hands the request to the framework-free core (lib/api/handler).
import 'server-only';
import { appApiHandler } from '@/lib/api/app-handler';
import { toErrorResponse } from '@/lib/api/errors';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

async function handle(request: Request): Promise<Response> {
  let handler;
  try {
    handler = appApiHandler();
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
