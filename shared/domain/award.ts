import * as z from '../zod';
import { built } from '../built';
import { RESULT_STATUSES } from '../credentials/open-badge';
import { httpUrl, isoDate, key, slug, text } from './fields';

/**
 * What a request to award an achievement carries: the learner, the evidence and results, and
 * where the learner studied. The admin API accepts it as its body; the issuance stores it.
 */
export const requestIssuanceBody = /* @__PURE__ */ built(() => z.strictObject({
  achievementId: z.union([slug, z.uuid()]),
  recipient: z.strictObject({
    email: z.email('must be an email address').check(z.maxLength(254)),
    name: z.optional(text(200)),
    /** The learner agreed that their name may appear in the credential. */
    publishName: z._default(z.boolean(), false),
    studentId: z.optional(text(64)),
    orcid: z.optional(z.string().check(z.regex(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, 'an ORCID iD like 0000-0002-1825-0097'))),
  }),
  evidence: z._default(
    z
      .array(
        z.strictObject({
          id: z.optional(httpUrl),
          name: z.optional(text(200)),
          narrative: z.optional(text(5000)),
          description: z.optional(text(2000)),
          genre: z.optional(text(100)),
          audience: z.optional(text(200)),
        }),
      )
      .check(z.maxLength(20)),
    [],
  ),
  results: z._default(
    z
      .array(z.strictObject({ resultKey: key, value: z.optional(text(100)), status: z.optional(z.enum(RESULT_STATUSES)), achievedLevel: z.optional(text(200)) }))
      .check(z.maxLength(20)),
    [],
  ),
  creditsEarned: z.optional(z.number().check(z.gte(0), z.lte(1000))),
  activityStartDate: z.optional(isoDate),
  /** When the learner completed the achievement (checked by a completionWindow rule). */
  completedAt: z.optional(isoDate),
  attendancePercent: z.optional(z.number().check(z.gte(0), z.lte(100))),
  /** A named assessor's free-text attestation (checked by an attestation rule; goes into the evidence). */
  attestation: z.optional(z.strictObject({ assessor: text(200), statement: text(5000) })),
  term: z.optional(text(100)),
  role: z.optional(text(100)),
  /** The cohort the learner belongs to (an intake such as 2026-autumn), for queues, lists and reports. */
  cohort: z.optional(text(100)),
  /** Where and in what the learner studied, for lists and reports. */
  campus: z.optional(text(100)),
  programme: z.optional(text(100)),
  /** Files uploaded through POST /evidence-uploads, by upload id. */
  evidenceFiles: z._default(z.array(z.strictObject({ uploadId: z.uuid('an upload id from POST /evidence-uploads') })).check(z.maxLength(10)), []),
  /** Ask for an exception to failed rules: the request then goes to approval, flagged, with this justification. */
  exception: z.optional(z.strictObject({ justification: text(5000) })),
}));
export type RequestIssuanceBody = z.infer<typeof requestIssuanceBody>;
export type RequestIssuanceInput = z.input<typeof requestIssuanceBody>;

/** Where an issuance is in its life. */
export const ISSUANCE_STATUS_VALUES = [
  'REQUESTED',
  'AWAITING_APPROVAL',
  'APPROVED',
  'SIGNED',
  'STORED',
  'DELIVERED',
  'ISSUED',
  'REJECTED',
  'FAILED',
  'EXPIRED',
  'CANCELLED',
] as const;
