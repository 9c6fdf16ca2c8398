import type * as z from '../zod';
import type { Role } from '../http/auth';

/**
 * An admin route, declared once (shared/api/admin-routes.ts): method, path, roles, and the zod
 * schemas the handler validates with. The handlers take their spec from there, the CDK app's
 * routes are checked against it, the OpenAPI document is generated from it, and the
 * role-matrix test walks it.
 */
export interface RouteDef<B extends z.core.$ZodType | undefined = z.core.$ZodType | undefined, P extends z.core.$ZodType | undefined = z.core.$ZodType | undefined, Q extends z.core.$ZodType | undefined = z.core.$ZodType | undefined> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles allowed (admin always is); absent: no token needed. */
  roles?: readonly Role[];
  body?: B;
  params?: P;
  query?: Q;
  maxBodyBytes?: number;
  /** Request headers the route reads. */
  headers?: Record<string, { description: string; schema: z.core.$ZodType }>;
  response: { status: number; description: string; schema?: z.core.$ZodType; mediaTypes?: string[] };
}

export { built } from '../built';

/** A route's definition, typed by its schemas (call it as `/* @__PURE__ *\/ route(() => ({ … }))`). */
export const route = <B extends z.core.$ZodType | undefined = undefined, P extends z.core.$ZodType | undefined = undefined, Q extends z.core.$ZodType | undefined = undefined>(
  make: () => RouteDef<B, P, Q>,
): RouteDef<B, P, Q> => make();

/** Every staff role: reading definitions is part of everyone's job. */
export const ALL_STAFF: readonly Role[] = ['designer', 'issuer', 'approver', 'registrar', 'auditor'];
