import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { completionSourceRepository } from '../../shared/entities/completion-source';
import { httpHandler } from '../../shared/http/http-handler';
import { apiBaseOf, deliveryOf } from '../../shared/use-cases/completion-sources';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ListCompletionSources);
const sources = completionSourceRepository(dynamo(), config.TABLE_NAME);

/** GET /completion-sources: every source and where it delivers (never a secret). */
export const handler = httpHandler(INBOUND_ROUTES.listCompletionSources, async ({ event }) => {
  const base = apiBaseOf(event.requestContext.domainName);
  return { status: 200, body: { items: (await sources.list()).map((s) => ({ ...s, delivery: deliveryOf(s, base) })) } };
});
