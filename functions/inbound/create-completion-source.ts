import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { repositories } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { sourceAuthDeps } from '../../shared/inbound-deps';
import { apiBaseOf, createSource, deliveryOf } from '../../shared/use-cases/completion-sources';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.CreateCompletionSource);
const deps = { ...sourceAuthDeps(config), audit: repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION).audit };

/** POST /completion-sources: the answer holds the source's secret or token, this once. */
export const handler = httpHandler(INBOUND_ROUTES.createCompletionSource, async ({ body, principal, event }) => {
  const { source, secret } = await createSource(deps, body, principal!);
  return {
    status: 201,
    body: { ...source, delivery: deliveryOf(source, apiBaseOf(event.requestContext.domainName)), ...(secret ? { secret } : {}) },
    headers: { location: `/completion-sources/${source.id}`, 'cache-control': 'no-store' },
  };
});
