/**
 * How a mutating route is written (the write-side twin of `defineSourceRoute`). Every mutation goes
 * through the same steps, written once here:
 *
 *   parse the JSON body (400) → resolve the source (404) → read-only mode (403) → capability (409
 *   unsupported) → role (403) → Idempotency-Key (replay the stored answer, or 409 while the first is
 *   still running / when the key was used for another request) → run → audit entry → store the answer.
 *
 * Handlers hold only what is particular to them and return the response body; it is validated here
 * (so the stored idempotent answer is the validated one) and sent as JSON.
 */
import { z } from 'zod';
import { ConflictError, SourceUnavailableError, stripCredentials } from '@/lib/adapters/errors';
import type { RegisteredSource } from '@/lib/adapters/registry';
import type { ActionGroup, ActionMethod, Capability, SourceAdapter, VerbOf } from '@/lib/adapters/types';
import { actionMethod } from '@/lib/adapters/types';
import { appendAudit } from '@/lib/auth/audit';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  isValidIdempotencyKey,
  releaseIdempotencyKey,
  requestFingerprint,
} from '@/lib/auth/idempotency';
import { hasRole, resolvePrincipal } from '@/lib/auth/principal';
import { dashboardRedis, recordsRedisUrl } from '@/lib/auth/store';
import type { ApiRoute, ApiSettings, RouteContext } from './define-route';
import { parseRouteResponse } from './define-route';
import { ApiError, badRequestFromZod, jsonResponse } from './errors';
import { readJsonBody } from './request-body';
import type { ErrorCode } from './schemas';
import type { Principal, Role } from './schemas-actions';
import type { AuditEntry } from './schemas-dead-letters';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_REPLAY_HEADER } from './schemas-actions';
import type { SourceDirectory } from './source-access';
import { requireCapability, requireSource, withDeadline } from './source-access';

type ObjectSchema = z.ZodObject;
type MutationMethod = 'POST' | 'PUT' | 'DELETE';

/** Audit params larger than this are stored as a preview. */
const AUDIT_PARAMS_MAX_CHARS = 4_096;

export interface MutationContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: Request;
  registry: SourceDirectory;
  settings: ApiSettings;
  principal: Principal;
}

export interface SourceMutationContext<P, Q, B> extends MutationContext<P, Q, B> {
  source: RegisteredSource;
  adapter: SourceAdapter;
}

interface MutationSpec<
  P extends ObjectSchema,
  Q extends ObjectSchema,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  method: MutationMethod;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params: P;
  query?: Q;
  body: B;
  response: R;
  example: { request: string; response: z.input<R> };
  errors: readonly ErrorCode[];
  /** Least role allowed. */
  role: Role;
  /** Audit name, e.g. `job.retry`. */
  action: string;
  /**
   * `request` (default): the per-source deadline. `none`: bulk work whose chunks are bounded
   * instead — a deadline would answer 503 while the work carries on.
   */
  deadline?: 'request' | 'none';
  /** Extra ms on top of the per-source deadline (cancel waits for an acknowledgement). */
  extraTimeMs?: (body: z.output<B>) => number;
  /** What the audit entry names as target. */
  target?: (params: z.output<P>) => AuditTarget;
  /** Short audit summary of a successful answer; default: the answer itself. */
  summarize?: (result: z.output<R>) => unknown;
}

const EmptyQuery = z.object({});

/** A mutation under `/sources/{source}`. */
export function defineSourceMutation<
  P extends z.ZodObject<{ source: z.ZodString }>,
  Q extends ObjectSchema,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  spec: MutationSpec<P, Q, B, R> & {
    capability: Capability | null;
    handler: (
      context: SourceMutationContext<z.output<P>, z.output<Q>, z.output<B>>,
    ) => Promise<z.input<R>>;
  },
): ApiRoute {
  return buildMutation(spec, spec.capability, async (context, body) => {
    const source = requireSource(context.registry, context.params.source);
    if (source.readOnly) {
      throw new ApiError('forbidden', `source "${source.adapter.id}" is read-only`, {
        source: source.adapter.id,
        readOnly: true,
      });
    }
    if (spec.capability) requireCapability(source, spec.capability);
    return {
      source,
      run: (principal) =>
        spec.handler({ ...context, body, principal, source, adapter: source.adapter }),
    };
  });
}

/**
 * A mutation that is one verb of one action group (`job.retry`, `worker.poolGrow`): gated by that
 * verb's capability, so a source without the verb answers 409 `unsupported` before anything runs;
 * the handler gets the verb's method as `act`.
 */
export function defineActionMutation<
  P extends z.ZodObject<{ source: z.ZodString }>,
  Q extends ObjectSchema,
  B extends z.ZodType,
  R extends z.ZodType,
  G extends ActionGroup,
  V extends VerbOf<G>,
>(
  spec: MutationSpec<P, Q, B, R> & {
    group: G;
    verb: V;
    handler: (
      context: SourceMutationContext<z.output<P>, z.output<Q>, z.output<B>> & {
        act: ActionMethod<G, V>;
      },
    ) => Promise<z.input<R>>;
  },
): ApiRoute {
  const { group, verb, handler, ...rest } = spec;
  const capability = `${group}.${verb}` as Capability;
  return defineSourceMutation({
    ...rest,
    capability,
    handler: (context) => {
      const act = actionMethod(context.adapter.actions, group, verb);
      // The capability is derived from the method being there (actionCapabilitiesOf).
      if (!act) throw unsupportedVerb(context.source, capability);
      return handler({ ...context, act });
    },
  });
}

function unsupportedVerb(source: RegisteredSource, capability: Capability): ApiError {
  return new ApiError(
    'unsupported',
    `source "${source.adapter.id}" (${source.adapter.kind}) does not support ${capability}`,
    { source: source.adapter.id, capability },
  );
}

/** A mutation not about one source (dead letters across sources): checks read-only per source itself. */
export function defineGlobalMutation<
  P extends ObjectSchema,
  Q extends ObjectSchema,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  spec: MutationSpec<P, Q, B, R> & {
    handler: (
      context: MutationContext<z.output<P>, z.output<Q>, z.output<B>>,
    ) => Promise<z.input<R>>;
  },
): ApiRoute {
  return buildMutation(spec, null, async (context, body) => ({
    source: null,
    run: (principal) => spec.handler({ ...context, body, principal }),
  }));
}

interface Prepared<R> {
  source: RegisteredSource | null;
  run: (principal: Principal) => Promise<R>;
}

function buildMutation<
  P extends ObjectSchema,
  Q extends ObjectSchema,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  spec: MutationSpec<P, Q, B, R>,
  capability: Capability | null,
  prepare: (
    context: RouteContext<z.output<P>, z.output<Q>>,
    body: z.output<B>,
  ) => Promise<Prepared<z.input<R>>>,
): ApiRoute {
  const errors = new Set<ErrorCode>([
    'bad_request',
    'payload_too_large',
    'forbidden',
    'conflict',
    ...spec.errors,
  ]);
  if (capability) errors.add('unsupported');
  if ('source' in spec.params.shape) {
    errors.add('not_found');
    errors.add('source_unavailable');
  }
  return {
    method: spec.method,
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    description: [
      spec.description,
      `Needs role ${spec.role}. Honours an \`Idempotency-Key\` header; writes an audit entry (\`${spec.action}\`).`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    params: spec.params,
    query: spec.query ?? EmptyQuery,
    body: spec.body,
    response: spec.response,
    example: spec.example,
    errors: [...errors],
    heavy: false,
    capability,
    run: async (erased) => {
      const context = erased as RouteContext<z.output<P>, z.output<Q>>;
      const { request, settings } = context;
      const body = await readBody(request, spec.body);
      const principal = resolvePrincipal(request);
      const prepared = await prepare(context, body);
      const sourceId = prepared.source?.adapter.id ?? null;
      if (!hasRole(principal, spec.role)) {
        throw new ApiError('forbidden', `${spec.action} needs role ${spec.role}`, {
          role: principal.role,
          required: spec.role,
        });
      }
      const redisUrl = recordsRedisUrl(prepared.source ?? undefined, context.registry.list());
      const store = redisUrl ? dashboardRedis(redisUrl) : null;
      const key = idempotencyKeyOf(request);
      const path = new URL(request.url).pathname;
      const fingerprint = requestFingerprint(request.method, path, body);

      if (key && store) {
        const claim = await storeCall(sourceId, () => claimIdempotencyKey(store, key, fingerprint));
        if (claim.kind === 'replay') {
          return jsonResponse(claim.body, claim.status, { [IDEMPOTENCY_REPLAY_HEADER]: 'true' });
        }
        if (claim.kind === 'in-progress') {
          throw new ApiError('conflict', 'a request with this Idempotency-Key is still running', {
            idempotencyKey: key,
          });
        }
        if (claim.kind === 'mismatch') {
          throw new ApiError('conflict', 'this Idempotency-Key was used for a different request', {
            idempotencyKey: key,
          });
        }
      }

      const target = spec.target?.(context.params) ?? targetFromParams(context.params);
      const audit = (result: {
        ok: boolean;
        status: number;
        code: string | null;
        summary: unknown;
      }) =>
        store
          ? appendAudit(store, {
              principal,
              action: spec.action,
              source: sourceId,
              target,
              params: auditParams(body),
              result,
              idempotencyKey: key,
            }).catch((error: unknown) => {
              console.error(
                `[yardmaster audit] could not record ${spec.action}: ${stripCredentials(String(error))}`,
              );
            })
          : Promise.resolve();

      let answer: z.output<R>;
      try {
        const work = prepared.run(principal);
        const timeoutMs = settings.sourceTimeoutMs + (spec.extraTimeMs?.(body) ?? 0);
        const result =
          spec.deadline === 'none' || sourceId === null
            ? await work
            : await withDeadline(sourceId, work, timeoutMs);
        answer = parseRouteResponse(spec, result);
      } catch (error) {
        const { status, code } = describeFailure(error);
        // Not awaited: when the source's Redis is the one that is down, the audit write would hold
        // the 503 for its own timeouts. Entries still land in order: one connection per store.
        void audit({ ok: false, status, code, summary: failureSummary(error) });
        if (key && store) await releaseIdempotencyKey(store, key).catch(() => undefined);
        throw error;
      }
      void audit({
        ok: true,
        status: 200,
        code: null,
        summary: spec.summarize?.(answer) ?? answer,
      });
      if (key && store) {
        await completeIdempotencyKey(store, key, fingerprint, { status: 200, body: answer }).catch(
          (error: unknown) => {
            console.error(
              `[yardmaster api] could not store idempotent answer: ${stripCredentials(String(error))}`,
            );
          },
        );
      }
      return jsonResponse(answer, 200);
    },
  };
}

/** The JSON body parsed with `schema`; an empty body counts as `{}`. */
async function readBody<B extends z.ZodType>(request: Request, schema: B): Promise<z.output<B>> {
  const raw = await readJsonBody(request);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequestFromZod('body', parsed.error);
  return parsed.data;
}

function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null || key === '') return null;
  if (!isValidIdempotencyKey(key)) {
    throw new ApiError(
      'bad_request',
      'invalid Idempotency-Key: 1-200 printable ASCII characters without spaces',
      { issues: [{ in: 'header', path: IDEMPOTENCY_HEADER, message: 'invalid' }] },
    );
  }
  return key;
}


/** Idempotency store calls fail like the source does: 503, not 500. */
async function storeCall<T>(sourceId: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new SourceUnavailableError(sourceId ?? 'dashboard store', error);
  }
}

type AuditTarget = AuditEntry['target'];

function targetFromParams(params: unknown): AuditTarget {
  const record = params as Record<string, unknown>;
  return {
    queue: typeof record.queue === 'string' ? record.queue : null,
    job: typeof record.job === 'string' ? record.job : null,
  };
}

function auditParams(body: unknown): unknown {
  const text = JSON.stringify(body ?? {});
  if (text.length <= AUDIT_PARAMS_MAX_CHARS) return body ?? {};
  return { truncated: true, chars: text.length, preview: text.slice(0, 500) };
}

function describeFailure(error: unknown): { status: number; code: string } {
  if (error instanceof ApiError) return { status: error.status, code: error.code };
  if (error instanceof ConflictError) return { status: 409, code: error.code };
  if (error instanceof SourceUnavailableError) return { status: 503, code: 'source_unavailable' };
  return { status: 500, code: 'internal' };
}

function failureSummary(error: unknown): unknown {
  const expected =
    error instanceof ApiError ||
    error instanceof ConflictError ||
    error instanceof SourceUnavailableError;
  // An unexpected error's message may hold anything; the audit keeps only that there was one.
  return { message: expected ? stripCredentials(error.message) : 'internal error' };
}
