import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { UnauthorizedError } from '../errors';
import { ROLES, type Principal, type Role } from '../domain/staff';

export { holdsApprovalRole, requireRole, ROLES, type Principal, type Role } from '../domain/staff';

/** The resource server's identifier (infra/constructs/staff-identity.ts). */
export const SCOPE_PREFIX = 'laurel';


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
