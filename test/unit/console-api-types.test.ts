import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypes, ROLES_FILE, routeRoles, TYPES_FILE } from '../../console/scripts/write-api-types';
import { ADMIN_ROUTES } from '../../shared/api/routes';

/**
 * The console's API types and role table are generated from the admin API's own registry: a route
 * or schema changed without `npm run console:types` would let the console compile against an API
 * that no longer exists, or hide a page from a role that may use it.
 */
describe('the console is typed from the OpenAPI document', () => {
  it('has the types of every route as the registry declares them now', async () => {
    expect(readFileSync(TYPES_FILE, 'utf8'), 'run npm run console:types').toBe(await apiTypes());
  });

  it('hides by the roles each route allows', () => {
    expect(readFileSync(ROLES_FILE, 'utf8'), 'run npm run console:types').toBe(routeRoles());
    const table = routeRoles();
    for (const r of Object.values(ADMIN_ROUTES).filter((route) => route.roles)) {
      expect(table).toContain(`'${r.method} ${r.path}': [${r.roles!.map((role) => `'${role}'`).join(', ')}]`);
    }
  });
});
