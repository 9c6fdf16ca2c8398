import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { repositories } from '../../shared/admin-deps';
import { dynamo } from '../../shared/aws/dynamo';
import { completionSourceRepository } from '../../shared/entities/completion-source';
import { httpHandler } from '../../shared/http/http-handler';
import { apiBaseOf, deliveryOf, updateSource } from '../../shared/use-cases/completion-sources';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.UpdateCompletionSource);
const { audit, clock } = repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION);
// Renaming or disabling derives no secret: this function has no grant on the integration key.
const deps = { sources: completionSourceRepository(dynamo(), config.TABLE_NAME), audit, clock };

/** PATCH /completion-sources/{sourceId}: rename, disable or enable, set the Canvas account. */
export const handler = httpHandler(INBOUND_ROUTES.updateCompletionSource, async ({ params, body, principal, event }) => {
  const source = await updateSource(deps, params.sourceId, body, principal!);
  return { status: 200, body: { ...source, delivery: deliveryOf(source, apiBaseOf(event.requestContext.domainName)) } };
});
