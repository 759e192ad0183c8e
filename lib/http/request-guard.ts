/**
 * Requests no route can answer, refused before Next routes them. Next decodes path segments itself
 * and answers a bare `text/plain` 500 (and logs nothing) for a malformed percent-escape such as
 * `%ZZ` or an overlong UTF-8 sequence; it answers methods its route handlers do not know (TRACE,
 * PROPFIND, SEARCH…) with a 500 and a stack, or an empty 400. Both are the caller's mistake, so
 * both get a 4xx: in the API's error envelope under the API, as plain text elsewhere.
 *
 * Pure: takes the method and the raw (still encoded) pathname, returns the refusal or null.
 */

/** Methods some route of the app answers; anything else is refused with 405. */
export const HANDLED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

export interface Refusal {
  status: 400 | 405;
  code: 'bad_request' | 'method_not_allowed';
  message: string;
  headers: Record<string, string>;
}

export function refuseRequest(method: string, encodedPathname: string): Refusal | null {
  if (!(HANDLED_METHODS as readonly string[]).includes(method)) {
    return {
      status: 405,
      code: 'method_not_allowed',
      message: `method ${method.slice(0, 20)} is not allowed; allowed: ${HANDLED_METHODS.join(', ')}`,
      headers: { allow: HANDLED_METHODS.join(', ') },
    };
  }
  const bad = encodedPathname.split('/').find((segment) => !decodes(segment));
  if (bad !== undefined) {
    return {
      status: 400,
      code: 'bad_request',
      message: `the path has a malformed percent-escape: "${bad.slice(0, 60)}"`,
      headers: {},
    };
  }
  return null;
}

function decodes(segment: string): boolean {
  if (!segment.includes('%')) return true;
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The refusal as a Response: the error envelope under `apiBase`, plain text for pages. */
export function refusalResponse(refusal: Refusal, isApi: boolean): Response {
  const headers: Record<string, string> = {
    ...refusal.headers,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (isApi) {
    return new Response(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }), {
      status: refusal.status,
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    });
  }
  return new Response(`${refusal.message}\n`, {
    status: refusal.status,
    headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
  });
}
