import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { completionDeps } from '../../shared/inbound-deps';
import { replayCompletion } from '../../shared/use-cases/completions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ReplayCompletion);
const deps = completionDeps(config);

/** POST /completions/{id}/replay: carries a completion out again (a failed one, or a new attempt after a request that issued nothing). */
export const handler = httpHandler(INBOUND_ROUTES.replayCompletion, async ({ params, body, principal }) => ({
  status: 200,
  body: await replayCompletion(deps, params.id, body, principal!),
}));
