import * as z from '../zod';
import { built } from '../built';
import { httpUrl, isoDate, slug, text } from '../domain/fields';
import { completionSourceFields, completionSourceRecord } from '../entities/completion-source';
import { courseMappingFields, courseMappingRecord, externalCourseId } from '../entities/course-mapping';
import { completionRecord } from '../entities/completion';

/**
 * The schemas of completions in (issue #21): what sources post, and the admin API's sources,
 * course mappings and inbound activity. Bounded throughout: every string has a maximum, every
 * body a size cap at its route.
 */
const email = /* @__PURE__ */ built(() => z.email('must be an email address').check(z.maxLength(254)));

/** The learner as a source describes them: at least one of the address, the student number or the source's id. */
const reportedLearner = /* @__PURE__ */ built(() =>
  z
    .strictObject({ email: z.optional(email), name: z.optional(text(200)), studentNumber: z.optional(text(64)), id: z.optional(text(128)) })
    .check(z.refine((l) => l.email !== undefined || l.studentNumber !== undefined || l.id !== undefined, { message: 'give the learner’s email, studentNumber or id', path: [] })),
);

/** POST /inbound/completions: the signed webhook's body. */
export const inboundCompletionBody = /* @__PURE__ */ built(() => z.strictObject({
  source: slug,
  course: z.strictObject({ id: externalCourseId, name: z.optional(text(200)), url: z.optional(httpUrl) }),
  learner: reportedLearner,
  completedAt: isoDate,
  score: z.optional(z.number().check(z.gte(0), z.lte(1_000_000))),
  evidence: z.optional(z.strictObject({ url: httpUrl, name: z.optional(text(200)) })),
}));
export type InboundCompletionBody = z.infer<typeof inboundCompletionBody>;

const digits = (what: string) => z.string().check(z.trim(), z.regex(/^\d{1,18}$/, `${what}: digits`));
const optionalText = (max: number) => z.optional(z.pipe(z.string().check(z.trim(), z.maxLength(max, `at most ${max} characters`)), z.transform((s) => s || undefined)));

/**
 * POST /inbound/moodle/{sourceId}: what the recipe's tool_trigger HTTP step sends ("JSON encode":
 * its parameters run through PHP's parse_str, then json_encode — every value a string, and
 * a lookup that found nothing an empty string). Other keys the recipe may grow are ignored.
 */
export const moodleCompletionBody = /* @__PURE__ */ built(() => z.object({
  courseid: digits('courseid'),
  course_fullname: optionalText(254),
  relateduserid: digits('relateduserid'),
  user_email: z.optional(z.pipe(z.string().check(z.trim()), z.transform((s) => s || undefined))),
  user_firstname: optionalText(100),
  user_lastname: optionalText(100),
  user_idnumber: optionalText(64),
  timecreated: digits('timecreated'),
}));
export type MoodleCompletionBody = z.infer<typeof moodleCompletionBody>;

/** A route that takes no query refuses one, naming it (a typo'd parameter is not silently ignored). */
export const noQuery = /* @__PURE__ */ built(() => z.strictObject({}));

export const sourcePath = /* @__PURE__ */ built(() => z.strictObject({ sourceId: slug }));
export const coursePath = /* @__PURE__ */ built(() => z.strictObject({ id: slug, courseId: externalCourseId }));

export const createSourceBody = /* @__PURE__ */ built(() => z.strictObject({ ...completionSourceFields }));
export const updateSourceBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({ name: z.optional(completionSourceFields.name), status: z.optional(z.enum(['active', 'disabled'])), canvasRootAccountId: completionSourceFields.canvasRootAccountId })
    .check(z.refine((b) => Object.keys(b).length > 0, { message: 'change the name, the status or the Canvas account', path: [] })),
);
export const courseMappingBody = /* @__PURE__ */ built(() => z.strictObject({ ...courseMappingFields }));

/** A source as the admin API shows it: the record, where it posts, and — on creation and rotation only — its secret. */
export const sourceView = /* @__PURE__ */ built(() => z.object({
  ...completionSourceRecord.shape,
  /** Where the source delivers: the URL to post to, the queue, or the bus and detail-type. */
  delivery: z.object({ url: z.optional(z.string()), queueUrl: z.optional(z.string()), eventBusName: z.optional(z.string()), detailType: z.optional(z.string()), headers: z.optional(z.array(z.string())) }),
}));
export const sourceWithSecret = /* @__PURE__ */ built(() => z.object({
  ...sourceView.shape,
  /** Shown once: the signing secret (webhook) or the bearer token (Moodle). Laurel keeps none: it derives it again to check. */
  secret: z.optional(z.string()),
}));
export const mappingView = courseMappingRecord;

export const listCompletionsQuery = /* @__PURE__ */ built(() => z.strictObject({
  sourceId: z.optional(slug),
  failed: z.optional(z.enum(['true', 'false'])),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
}));
export const completionView = /* @__PURE__ */ built(() => z.object({ ...completionRecord.shape, issuanceStatus: z.optional(z.string()) }));
export const replayBody = /* @__PURE__ */ built(() => z.strictObject({ email: z.optional(email) }));
export const completionOutcome = /* @__PURE__ */ built(() => z.object({
  completionId: z.string(),
  status: z.enum(['RECEIVED', 'REQUESTED', 'HELD', 'FAILED']),
  duplicate: z.boolean(),
  issuanceId: z.optional(z.string()),
  failure: z.optional(z.object({ reason: z.string(), detail: z.string() })),
}));
