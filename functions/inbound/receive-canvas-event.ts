import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { completionSourceRepository } from '../../shared/entities/completion-source';
import { PayloadTooLargeError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';
import { outboundFetch } from '../../shared/http/outbound';
import { completionDeps } from '../../shared/inbound-deps';
import { canvasKeySet, completionOfCanvasEvent, verifyCanvasJwt } from '../../shared/integrations/canvas-live-events';
import { canvasSourceFor } from '../../shared/use-cases/completion-sources';
import { receiveCompletion } from '../../shared/use-cases/completions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ReceiveCanvasEvent);
const deps = completionDeps(config);
const sources = completionSourceRepository(dynamo(), config.TABLE_NAME);
// LOCAL_INTERNET_URL is the local cloud's internet stand-in; in AWS the key set is fetched directly.
const keyFor = canvasKeySet(outboundFetch(config.LOCAL_INTERNET_URL ? { standInUrl: config.LOCAL_INTERNET_URL } : {}), config.CANVAS_JWKS_URL);
const MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /inbound/canvas/{sourceId}: a Live Event signed by Canvas (RS256 JWT, Instructure's key
 * set). The signature is checked before the event is read; only course_completed is acted on.
 */
export const handler = httpHandler(INBOUND_ROUTES.receiveCanvasEvent, async ({ params, event }) => {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError(`The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const claims = await verifyCanvasJwt(raw, keyFor, deps.clock.now());
  const { completion, event: live } = completionOfCanvasEvent(claims, params.sourceId, 'canvas-https');
  const source = await canvasSourceFor({ sources }, { sourceId: params.sourceId, rootAccountId: live.metadata.root_account_id });
  if (!completion) return { status: 200, body: { ignored: live.metadata.event_name } };
  return { status: 200, body: await receiveCompletion(deps, { ...completion, sourceId: source.id }) };
});
