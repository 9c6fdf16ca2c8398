import * as z from '../zod';
import { built } from '../built';
import { completionRecordedV1, EVENT_SOURCE, INBOUND_DETAIL_TYPES } from '../../events/schemas';
import { ValidationError } from '../errors';
import type { ReportedCompletion } from '../use-cases/completions';

/**
 * `CompletionRecorded` on Laurel's bus (events/schemas.ts, sample events/samples/
 * completion-recorded.v1.json): what a system inside AWS puts there instead of posting the
 * signed webhook. The envelope's `source` is the sender's own and never Laurel's (the rule
 * refuses EVENT_SOURCE too: one guard in the pattern, one here); the detail is the webhook's body
 * with `version`, its `source` the completion source's id.
 */
export const completionRecordedEvent = /* @__PURE__ */ built(() => z.looseObject({
  id: z.string().check(z.maxLength(128)),
  'detail-type': z.literal(INBOUND_DETAIL_TYPES.completionRecorded),
  source: z.string().check(z.minLength(1), z.maxLength(256), z.refine((s) => s !== EVENT_SOURCE, `not ${EVENT_SOURCE}: Laurel reads no completion of its own`)),
  detail: completionRecordedV1,
}));

/**
 * The completion an event reports, for receiveCompletion; a ValidationError naming the fields at
 * fault (paths and messages only: never a value, which may be a learner's address) otherwise.
 */
export function completionOfRecordedEvent(event: unknown): { eventId: string; completion: ReportedCompletion } {
  const parsed = completionRecordedEvent.safeParse(event);
  if (!parsed.success) {
    throw new ValidationError('Not a CompletionRecorded event of version 1.', parsed.error.issues.map((i) => ({ path: ['event', ...i.path].join('.'), message: i.message })));
  }
  const { detail } = parsed.data;
  return {
    eventId: parsed.data.id,
    completion: {
      sourceId: detail.source,
      via: 'eventbridge',
      courseId: detail.course.id,
      courseName: detail.course.name,
      learner: { email: detail.learner.email, name: detail.learner.name, studentNumber: detail.learner.studentNumber, externalId: detail.learner.id },
      completedAt: detail.completedAt,
      score: detail.score,
      evidenceUrl: detail.evidence?.url ?? detail.course.url,
    },
  };
}

/** The event's id, if it has one, for a log line about an event that could not be read (nothing else of it is logged). */
export const eventIdOf = (event: unknown): string | undefined => {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id.slice(0, 128) : undefined;
};
