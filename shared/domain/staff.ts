import { ForbiddenError } from '../errors';

/**
 * Who staff are to the domain: their roles (one Cognito group each), the approval roles they
 * hold, and what each role may see. The HTTP layer (shared/http/auth.ts) makes a Principal from
 * a token; use cases decide with it.
 */

/** Cognito groups, one per role (issue #5 defines what each may do). */
export const ROLES = ['admin', 'designer', 'issuer', 'approver', 'registrar', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Stable subject id from the token (`sub`). */
  id: string;
  /** Human-readable name for audit lines (`cognito:username`, `username` or `sub`). */
  name: string;
  roles: Role[];
  /** Every group in the token, including approval roles such as assessor or programme-lead. */
  groups: string[];
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

/** Roles that may see a learner's clear-text email (they issue to it or correct it). */
const EMAIL_ROLES = new Set(['admin', 'issuer', 'registrar']);

export const maskEmail = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
};

export const seesEmail = (viewer: Principal) => viewer.roles.some((r) => EMAIL_ROLES.has(r));
