import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { httpHandler } from '../../shared/http/http-handler';
import { completionDeps, sourceAuthDeps } from '../../shared/inbound-deps';
import { authenticateBearer } from '../../shared/use-cases/completion-sources';
import { receiveCompletion } from '../../shared/use-cases/completions';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ReceiveMoodleCompletion);
const auth = sourceAuthDeps(config);
const deps = completionDeps(config);

/**
 * POST /inbound/moodle/{sourceId}: `\core\event\course_completed` as the README's tool_trigger
 * recipe posts it, with the source's bearer token. Moodle's ids are its own: the course id is
 * what a mapping names, the related user id who completed it (the learner, stable even when
 * their address changes); the completion time is the event's.
 */
export const handler = httpHandler(INBOUND_ROUTES.receiveMoodleCompletion, async ({ body, params, headers }) => {
  await authenticateBearer(auth, { sourceId: params.sourceId, authorization: headers.authorization });
  const name = [body.user_firstname, body.user_lastname].filter(Boolean).join(' ');
  const outcome = await receiveCompletion(deps, {
    sourceId: params.sourceId,
    via: 'moodle',
    courseId: body.courseid,
    courseName: body.course_fullname,
    learner: { email: body.user_email, name: name || undefined, studentNumber: body.user_idnumber, externalId: body.relateduserid },
    completedAt: new Date(Number(body.timecreated) * 1000).toISOString(),
  });
  // 200: tool_trigger's HTTP step retries whatever is not its expected status, 200 unless changed.
  return { status: 200, body: outcome };
});
