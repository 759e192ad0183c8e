/**
 * `GET /me`: who the server takes the browser for, so the UI shows only the controls that principal
 * may use (the mutations check the same role again). The schema lives here and the browser parses
 * the answer with it (components/controls/use-controls.ts).
 */
import { z } from 'zod';
import { resolvePrincipal } from '@/lib/auth/principal';
import type { ApiRoute } from './define-route';
import { defineRoute } from './define-route';
import { MeResponse } from './schemas-actions';

export const meRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/me',
    tag: 'meta',
    summary: 'The principal of this request (id and role) and whether the whole app is read-only',
    description:
      'Roles: `viewer` reads, `operator` acts on jobs, queues, limits and schedulers, `admin` also ' +
      'cleans, drains, obliterates and removes by filter. Until authentication exists every request ' +
      'is the local admin.',
    params: z.object({}),
    query: z.object({}),
    response: MeResponse,
    errors: [],
    example: {
      request: 'GET /api/v1/me',
      response: { principal: { id: 'local', role: 'admin' }, readOnly: false },
    },
    handler: ({ request, registry }) => ({
      principal: resolvePrincipal(request),
      readOnly: registry.list().every((source) => source.readOnly),
    }),
  }),
];
