import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { repositories } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { sourceAuthDeps } from '../../shared/inbound-deps';
import { apiBaseOf, deliveryOf, rotateSourceSecret } from '../../shared/use-cases/completion-sources';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.RotateCompletionSourceSecret);
const deps = { ...sourceAuthDeps(config), audit: repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION).audit };

/** POST /completion-sources/{sourceId}/secret: the new secret, once; the previous one works for 24 hours more. */
export const handler = httpHandler(INBOUND_ROUTES.rotateCompletionSourceSecret, async ({ params, principal, event }) => {
  const { source, secret } = await rotateSourceSecret(deps, params.sourceId, principal!);
  return { status: 200, body: { ...source, delivery: deliveryOf(source, apiBaseOf(event.requestContext.domainName)), ...(secret ? { secret } : {}) }, headers: { 'cache-control': 'no-store' } };
});
