/**
 * Who is asking. No authentication is configurable yet (see scripts/listen-policy.ts): the server only
 * listens on loopback unless YARDMASTER_INSECURE=1, so every request comes from this machine and is the
 * local principal with role admin. Tokens and sessions will resolve here when they exist.
 */
import type { Principal, Role } from '@/lib/api/schemas-actions';

export const LOCAL_PRINCIPAL: Principal = { id: 'local', role: 'admin' };

/** The principal of a request; never throws for now (no credentials exist to be wrong). */
export function resolvePrincipal(request: Request): Principal {
  void request;
  return LOCAL_PRINCIPAL;
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether `principal` may do what needs `required` (admin ⊇ operator ⊇ viewer). */
export function hasRole(principal: Principal, required: Role): boolean {
  return RANK[principal.role] >= RANK[required];
}
