/**
 * Which controls the UI shows, as pure functions of what the server said: the source summary
 * (read-only mode, adapter capabilities) and `GET /me` (the principal's role). The API checks the
 * same rules again on every mutation; hiding a control only spares the operator a 403 or a 409.
 */
import type { MeResponse } from '@/lib/api/schemas';
import type { Capability, SourceSummary } from '@/lib/api/schemas';
import type { Role } from '@/lib/api/schemas-actions';
import { hasRole } from '@/lib/auth/principal';
import type { BulkQueueAction, MatchingAction } from '@/lib/client/actions';

export interface Controls {
  /** The source summary has loaded. */
  ready: boolean;
  readOnly: boolean;
  /**
   * The source is writable, its adapter can do this, and the principal has `role` (default
   * operator: every mutation needs at least that). False until both answers have loaded.
   */
  can: (capability: Capability, role?: Role) => boolean;
  /** The adapter can do this, writable or not (reads such as search). */
  has: (capability: Capability) => boolean;
}

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
  remove: 'admin',
};

export function controlsFor(
  summary: SourceSummary | undefined,
  me: MeResponse | undefined,
): Controls {
  return {
    ready: summary !== undefined,
    readOnly: summary?.readOnly ?? false,
    can: (capability, role = 'operator') =>
      summary !== undefined &&
      me !== undefined &&
      !summary.readOnly &&
      hasRole(me.principal, role) &&
      summary.capabilities.includes(capability),
    has: (capability) => summary?.capabilities.includes(capability) ?? false,
  };
}

/** Retrying dead letters needs an operator and at least one writable BullMQ source that can retry. */
export function canRetryDeadLetters(
  sources: readonly SourceSummary[] | undefined,
  me: MeResponse | undefined,
): boolean {
  return (sources ?? []).some(
    (source) => source.kind === 'bullmq' && controlsFor(source, me).can('retry'),
  );
}
