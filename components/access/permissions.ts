/**
 * Which controls the UI shows, as pure functions of what the server said: the source summary
 * (read-only mode, the capabilities it declares — its reads and its actions as `<group>.<verb>` —
 * and the job states each job verb applies in) and `GET /me` (the principal's role). The API checks
 * the same rules again on every mutation; hiding a control only spares the operator a 403 or a 409.
 */
import type { MeResponse } from '@/lib/api/schemas';
import type { Capability, JobState, JobVerb, SourceSummary } from '@/lib/api/schemas';
import type { Role } from '@/lib/api/schemas-actions';
import { hasRole } from '@/lib/auth/principal';
import type { BulkQueueAction, MatchingAction } from '@/lib/client/actions';

export interface Controls {
  /** The source summary has loaded. */
  ready: boolean;
  /** The source's kind (`bullmq`, `celery`), once known: for wording that differs by system. */
  kind: SourceSummary['kind'] | undefined;
  readOnly: boolean;
  /**
   * The source is writable, its adapter can do this, and the principal has `role` (default
   * operator: every mutation needs at least that). False until both answers have loaded.
   */
  can: (capability: Capability, role?: Role) => boolean;
  /** The adapter can do this, writable or not (reads such as search). */
  has: (capability: Capability) => boolean;
  /** The source has this job verb and it applies to a job in `state`. */
  appliesTo: (verb: JobVerb, state: JobState) => boolean;
}

/** The capability of each queue-wide action of the UI. */
export const bulkActionCapability: Record<BulkQueueAction, Capability> = {
  'retry-all': 'queue.retryAll',
  'promote-all': 'queue.promoteAll',
  clean: 'queue.clean',
  drain: 'queue.drain',
  obliterate: 'queue.obliterate',
};

/** Least role of each queue-wide action, as the API's routes declare it. */
export const bulkActionRole: Record<BulkQueueAction, Role> = {
  'retry-all': 'operator',
  'promote-all': 'operator',
  clean: 'admin',
  drain: 'admin',
  obliterate: 'admin',
};

/** Least role of each action on a filtered set. */
export const matchingActionRole: Record<MatchingAction, Role> = {
  retry: 'operator',
  promote: 'operator',
  cancel: 'operator',
  remove: 'admin',
};

export function controlsFor(
  summary: SourceSummary | undefined,
  me: MeResponse | undefined,
): Controls {
  return {
    ready: summary !== undefined,
    kind: summary?.kind,
    readOnly: summary?.readOnly ?? false,
    can: (capability, role = 'operator') =>
      summary !== undefined &&
      me !== undefined &&
      !summary.readOnly &&
      hasRole(me.principal, role) &&
      summary.capabilities.includes(capability),
    has: (capability) => summary?.capabilities.includes(capability) ?? false,
    appliesTo: (verb, state) => summary?.jobActionStates[verb]?.includes(state) ?? false,
  };
}

/** Retrying dead letters needs an operator and one writable source with dead letters that can retry them. */
export function canRetryDeadLetters(
  sources: readonly SourceSummary[] | undefined,
  me: MeResponse | undefined,
): boolean {
  return (sources ?? []).some((source) => {
    const controls = controlsFor(source, me);
    return controls.has('deadLetters') && controls.can('matching.retry');
  });
}
