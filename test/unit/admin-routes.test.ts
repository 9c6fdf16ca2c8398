import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import * as routes from '../../shared/api/admin-routes';
import * as inbound from '../../shared/api/inbound-routes';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { lambdaEsbuildOptions } from '../support/lambda-bundle';

describe('the admin routes', () => {
  it('ADMIN_ROUTES gathers every route admin-routes.ts and inbound-routes.ts define, and nothing else', () => {
    const defined = { ...routes, ...inbound };
    expect(Object.keys(ADMIN_ROUTES).sort()).toEqual(Object.keys(defined).sort());
    for (const [name, route] of Object.entries(defined)) expect(ADMIN_ROUTES[name as keyof typeof ADMIN_ROUTES], name).toBe(route);
  });

  it('a bundle that takes one route from the namespace keeps that route and its schemas alone', async () => {
    // As a handler would: `import * as ADMIN_ROUTES from '../../shared/api/admin-routes'`.
    const contents = "import * as ADMIN_ROUTES from './shared/api/admin-routes';\nexport const spec = ADMIN_ROUTES.getIssuance;\n";
    const { outputFiles } = await build({ ...lambdaEsbuildOptions, stdin: { contents, resolveDir: PROJECT_ROOT, loader: 'ts' }, write: false, outfile: 'spec.mjs' });
    const code = outputFiles[0]!.text;
    expect(code).toContain('/issuances/{id}');
    expect(code).toContain('not a valid id'); // idPath, its params
    // Other routes, their bodies, and the response shapes only they use are left out.
    for (const absent of ['/batches/{id}/retry-failed', '/reports/{report}', '/openapi.json', 'give exactly one of email or studentId', 'Idempotency-Key must be', 'emailsPending']) {
      expect(code, absent).not.toContain(absent);
    }
  });
});
