import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { completionDeps, sourceAuthDeps } from '../../shared/inbound-deps';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../shared/integrations/webhook-signature';
import { authenticateSigned } from '../../shared/use-cases/completion-sources';
import { receiveCompletion } from '../../shared/use-cases/completions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ReceiveCompletion);
const auth = sourceAuthDeps(config);
const deps = completionDeps(config);

/**
 * POST /inbound/completions: a completion signed with its source's secret. The body is checked
 * for shape first (bounded: 64 KiB), then the signature over its raw bytes, then the replay
 * cache; only then is anything written. The learner's details go to the request, never a log.
 */
export const handler = httpHandler(INBOUND_ROUTES.receiveCompletion, async ({ body, headers, event }) => {
  const rawBody = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
  await authenticateSigned(auth, { sourceId: body.source, timestamp: headers[TIMESTAMP_HEADER], signature: headers[SIGNATURE_HEADER], rawBody });
  const outcome = await receiveCompletion(deps, {
    sourceId: body.source,
    via: 'webhook',
    courseId: body.course.id,
    courseName: body.course.name,
    learner: { email: body.learner.email, name: body.learner.name, studentNumber: body.learner.studentNumber, externalId: body.learner.id },
    completedAt: body.completedAt,
    score: body.score,
    evidenceUrl: body.evidence?.url ?? body.course.url,
  });
  return { status: 202, body: outcome };
});
