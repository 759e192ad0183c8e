// Runs before Next routes a request: refuses what no route can answer (malformed escapes, unknown
// methods) with a 4xx, and gives every page its security headers and a per-request script nonce.
import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { themeBootScript } from '@/components/shell/theme-boot-script';
import { refusalResponse, refuseRequest } from '@/lib/http/request-guard';
import { newNonce, pageSecurityHeaders, scriptHash } from '@/lib/http/security-headers';

const THEME_SCRIPT_HASH = scriptHash(themeBootScript);

export function proxy(request: NextRequest) {
  const basePath = request.nextUrl.basePath;
  // The raw path: nextUrl.pathname is already decoded where it could be.
  const rawPath = new URL(request.url).pathname;
  const refusal = refuseRequest(request.method, rawPath);
  const isApi = rawPath.startsWith(`${basePath}/api/`);
  if (refusal) return refusalResponse(refusal, isApi);
  if (isApi) return NextResponse.next();

  const headers = pageSecurityHeaders({
    nonce: newNonce(),
    scriptHashes: [THEME_SCRIPT_HASH],
    frameAncestors: process.env.YARDMASTER_FRAME_ANCESTORS,
    development: process.env.NODE_ENV === 'development',
  });
  // Next reads the nonce from the request's CSP and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', headers['content-security-policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static chunks need neither check nor headers; the API is checked (its own handler sets nosniff).
  matcher: ['/((?!_next/static|_next/image|icon.svg).*)'],
};
