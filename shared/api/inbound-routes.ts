import * as z from '../zod';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../integrations/webhook-signature';
import {
  completionOutcome,
  completionView,
  courseMappingBody,
  coursePath,
  createSourceBody,
  inboundCompletionBody,
  listCompletionsQuery,
  mappingView,
  moodleCompletionBody,
  noQuery,
  replayBody,
  sourcePath,
  sourceView,
  sourceWithSecret,
  updateSourceBody,
} from './inbound-schemas';
import { idPath } from './schemas';
import { route } from './route-def';

/**
 * Completions in (issue #21): the receivers the SIS and LMS post to — no staff token: each
 * authenticates its source (a signature, a bearer token, Canvas's signed JWT) — and the admin
 * routes of sources, course mappings and the inbound activity. Part of ADMIN_ROUTES (routes.ts).
 */
const SIGNED_LIMIT = 64 * 1024;

export const receiveCompletion = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/inbound/completions', tag: 'Completions in', body: inboundCompletionBody, maxBodyBytes: SIGNED_LIMIT,
  summary: 'A completion from an SIS or LMS, signed with its source’s secret: issued once per source, course and learner',
  description:
    `HMAC-SHA256 with the source's secret over \`timestamp + "." + raw body\`, hex, in \`${SIGNATURE_HEADER}: v1=<hex>\`, the Unix time in \`${TIMESTAMP_HEADER}\`. ` +
    'A timestamp more than 300 s off is refused, and so is a signature seen in the last ten minutes (sign each delivery anew). ' +
    'The same source, course and learner make one credential whatever the completion time or how often it is sent; what cannot be issued yet (an unmapped course, an unknown learner) is kept and listed for staff, and carried out by a later delivery or a replay.',
  headers: {
    [TIMESTAMP_HEADER]: { description: 'Unix seconds when it was signed', schema: z.string() },
    [SIGNATURE_HEADER]: { description: '`v1=` and the hex HMAC-SHA256; several, space-separated, while a secret rotates', schema: z.string() },
  },
  response: { status: 202, description: 'received: what became of it (requested, held already, or failed and why)', schema: completionOutcome },
}));

export const receiveMoodleCompletion = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/inbound/moodle/{sourceId}', tag: 'Completions in', params: sourcePath, body: moodleCompletionBody, maxBodyBytes: 16 * 1024,
  summary: "A Moodle course completion, posted by tool_trigger's HTTP step (README: the Moodle recipe), with the source's bearer token",
  description:
    'tool_trigger cannot sign a request, and posts from cron, late: a Moodle source authenticates with `Authorization: Bearer <token>` and has no time window. ' +
    'The body is what the recipe\'s "JSON encode" sends: `courseid`, `relateduserid`, `timecreated`, and the user lookup\'s `user_email`, `user_firstname`, `user_lastname`, `user_idnumber`. Rate limited on its own.',
  headers: { authorization: { description: 'Bearer and the source’s token', schema: z.string() } },
  // 200, not 202: tool_trigger retries any status but the step's expected one, which defaults to 200.
  response: { status: 200, description: 'received', schema: completionOutcome },
}));

export const receiveCanvasEvent = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/inbound/canvas/{sourceId}', tag: 'Completions in', params: sourcePath,
  summary: 'A Canvas Live Event over HTTPS with "Sign Payload" on: the body is an RS256 JWT whose claims are the event, checked against Instructure’s key set',
  description:
    'Only `course_completed` is read; other events are acknowledged and ignored. The key set is fetched from the `laurel:canvasJwksUrl` setting (Instructure’s by default) and matched by `kid`. ' +
    'The course id is Canvas’s (`body.course.id`), the learner Canvas’s user id. Canvas retries a non-2xx answer three times in 10–20 minutes, so a completion that cannot be issued yet is still answered 200, and kept for staff.',
  response: { status: 200, description: 'received (or ignored)', schema: z.union([completionOutcome, z.object({ ignored: z.string() })]) },
}));

export const createCompletionSource = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/completion-sources', tag: 'Completions in', roles: ['admin'], body: createSourceBody,
  summary: 'Connect a system that reports completions: a signed webhook, a Moodle site, a Canvas account, or a system on the event bus',
  description: 'The answer carries the secret (webhook) or bearer token (Moodle) once: Laurel keeps none, deriving it again under a KMS key to check a request.',
  response: { status: 201, description: 'the source, where it delivers, and its secret', schema: sourceWithSecret },
}));
export const listCompletionSources = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/completion-sources', tag: 'Completions in', roles: ['designer', 'issuer', 'registrar', 'auditor'], query: noQuery,
  summary: 'The connected sources and where each delivers',
  response: { status: 200, description: 'the sources', schema: z.object({ items: z.array(sourceView) }) },
}));
export const updateCompletionSource = /* @__PURE__ */ route(() => ({
  method: 'PATCH', path: '/completion-sources/{sourceId}', tag: 'Completions in', roles: ['admin'], params: sourcePath, body: updateSourceBody,
  summary: 'Rename a source, disable or enable it (a disabled source’s deliveries are refused), or set the Canvas account it answers for',
  response: { status: 200, description: 'the source', schema: sourceView },
}));
export const rotateCompletionSourceSecret = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/completion-sources/{sourceId}/secret', tag: 'Completions in', roles: ['admin'], params: sourcePath,
  summary: 'A new secret or token for the source; the previous one is accepted for 24 hours more, so the source can be switched over without a gap',
  response: { status: 200, description: 'the source and its new secret, shown once', schema: sourceWithSecret },
}));
export const putCourseMapping = /* @__PURE__ */ route(() => ({
  method: 'PUT', path: '/completion-sources/{id}/courses/{courseId}', tag: 'Completions in', roles: ['designer'], params: coursePath, body: courseMappingBody,
  summary: "Map a source's course to the achievement its completion awards: the score as a result, the course as evidence, and the policy (issue when the rules pass, or always to approval)",
  response: { status: 200, description: 'the mapping', schema: mappingView },
}));
export const listCourseMappings = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/completion-sources/{id}/courses', tag: 'Completions in', roles: ['designer', 'issuer', 'registrar', 'auditor'], params: idPath,
  summary: "A source's course mappings",
  response: { status: 200, description: 'the mappings', schema: z.object({ items: z.array(mappingView) }) },
}));
export const deleteCourseMapping = /* @__PURE__ */ route(() => ({
  method: 'DELETE', path: '/completion-sources/{id}/courses/{courseId}', tag: 'Completions in', roles: ['designer'], params: coursePath,
  summary: 'Unmap a course: its later completions are kept as unmapped until it is mapped again',
  response: { status: 204, description: 'unmapped' },
}));
export const listCompletions = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/completions', tag: 'Completions in', roles: ['issuer', 'registrar', 'auditor'], query: listCompletionsQuery,
  summary: "The inbound activity: a source's completions, newest first, or those that failed across sources (`failed=true`), each with its request's status",
  response: { status: 200, description: 'a page of completions', schema: z.object({ items: z.array(completionView), next: z.optional(z.string()) }) },
}));
export const replayCompletion = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/completions/{id}/replay', tag: 'Completions in', roles: ['issuer', 'registrar'], params: idPath, body: replayBody,
  summary: 'Carry a completion out again once what stopped it is fixed: a failed one (with the learner’s address, if that was missing), or one whose request ended without a credential, as a new attempt',
  response: { status: 200, description: 'what became of it', schema: completionOutcome },
}));
