import { describe, expect, it } from 'vitest';
import type { RegisteredSource } from '@/lib/adapters/registry';
import { createApiHandler } from './handler';
import { meRoutes } from './routes-me';
import { MeResponse } from './schemas';
import type { SourceDirectory } from './source-access';

/** A directory of sources of which only the read-only flag matters to /me. */
function directory(readOnly: boolean[]): SourceDirectory {
  const sources = readOnly.map((flag) => ({ readOnly: flag }) as RegisteredSource);
  return { get: () => undefined, list: () => sources };
}

async function me(readOnly: boolean[]) {
  const api = createApiHandler({ registry: directory(readOnly), routes: meRoutes });
  const response = await api(new Request('http://127.0.0.1/api/v1/me'));
  expect(response.status).toBe(200);
  return MeResponse.parse(await response.json());
}

describe('GET /me', () => {
  it('answers the local admin while no authentication exists', async () => {
    expect((await me([false])).principal).toEqual({ id: 'local', role: 'admin' });
  });

  it('is read-only only when no source accepts mutations', async () => {
    expect((await me([true, false])).readOnly).toBe(false);
    expect((await me([true, true])).readOnly).toBe(true);
  });
});
