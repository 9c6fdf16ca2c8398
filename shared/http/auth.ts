import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../errors';

/** Cognito groups, one per role (issue #5 defines what each may do). */
export const ROLES = ['admin', 'designer', 'issuer', 'approver', 'registrar', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
/** The resource server's identifier (infra/constructs/staff-identity.ts). */
export const SCOPE_PREFIX = 'laurel';

export interface Principal {
  /** Stable subject id from the token (`sub`). */
  id: string;
  /** Human-readable name for audit lines (`cognito:username`, `username` or `sub`). */
  name: string;
  roles: Role[];
  /** Every group in the token, including approval roles such as assessor or programme-lead. */
  groups: string[];
}

/**
 * The HTTP API JWT authorizer passes array claims flattened to a string such as
 * "[issuer approver]"; locally they may arrive as arrays. Accept both.
 */
function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

export function principalOf(event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>): Principal {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') {
    // API Gateway rejects unauthenticated calls before the function runs; this guards a
    // route that was deployed without the authorizer.
    throw new UnauthorizedError('This route needs a bearer token.');
  }
  // A person's roles are their groups; a machine client's (client credentials) are its scopes
  // `laurel/<role>`, which only the user pool's resource server can grant.
  const scoped = String(claims.scope ?? '')
    .split(/\s+/)
    .filter((s) => s.startsWith(`${SCOPE_PREFIX}/`))
    .map((s) => s.slice(SCOPE_PREFIX.length + 1));
  const groups = [...new Set([...parseGroups(claims['cognito:groups']), ...scoped])];
  const roles = groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  const machine = !claims['cognito:username'] && !claims.username && typeof claims.client_id === 'string' && claims.client_id === claims.sub;
  const name = machine ? `client:${claims.client_id}` : String(claims['cognito:username'] ?? claims.username ?? claims.sub);
  return { id: claims.sub, name, roles, groups };
}

/** Admins may do everything; anyone else needs one of `allowed`. */
export function requireRole(principal: Principal, allowed: readonly Role[]): void {
  if (principal.roles.includes('admin') || allowed.some((r) => principal.roles.includes(r))) return;
  throw new ForbiddenError(`This action needs the role ${allowed.map((r) => `'${r}'`).join(' or ')}.`);
}

/** May this person decide an approval step that asks for `role`? */
export function holdsApprovalRole(principal: Principal, role: string): boolean {
  return principal.roles.includes('admin') || principal.groups.includes(role);
}
