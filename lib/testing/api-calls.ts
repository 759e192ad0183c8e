/**
 * Calling the framework-free API handler from integration tests: a JSON request, and the answer
 * parsed with its schema (a non-200 throws with the status and body, so a failure says why).
 */
import type { ApiHandler } from '@/lib/api/handler';

export function apiCaller(api: () => ApiHandler) {
  return async function call<T>(
    method: string,
    path: string,
    schema: { parse(value: unknown): T },
    body?: unknown,
  ): Promise<T> {
    const response = await api()(
      new Request(`http://127.0.0.1/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const json = (await response.json()) as unknown;
    if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return schema.parse(json);
  };
}
