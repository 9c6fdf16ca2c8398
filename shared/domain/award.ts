import * as z from 'zod';
import { RESULT_STATUSES } from '../credentials/open-badge';
import { httpUrl, isoDate, key, slug, text } from './fields';

/**
 * What a request to award an achievement carries: the learner, the evidence and results, and
 * where the learner studied. The admin API accepts it as its body; the issuance stores it.
 */
export const requestIssuanceBody = z.strictObject({
  achievementId: slug.or(z.uuid()),
  recipient: z.strictObject({
    email: z.email('must be an email address').max(254),
    name: text(200).optional(),
    /** The learner agreed that their name may appear in the credential. */
    publishName: z.boolean().default(false),
    studentId: text(64).optional(),
    orcid: z.string().regex(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, 'an ORCID iD like 0000-0002-1825-0097').optional(),
  }),
  evidence: z
    .array(
      z.strictObject({
        id: httpUrl.optional(),
        name: text(200).optional(),
        narrative: text(5000).optional(),
        description: text(2000).optional(),
        genre: text(100).optional(),
        audience: text(200).optional(),
      }),
    )
    .max(20)
    .default([]),
  results: z
    .array(z.strictObject({ resultKey: key, value: text(100).optional(), status: z.enum(RESULT_STATUSES).optional(), achievedLevel: text(200).optional() }))
    .max(20)
    .default([]),
  creditsEarned: z.number().min(0).max(1000).optional(),
  activityStartDate: isoDate.optional(),
  /** When the learner completed the achievement (checked by a completionWindow rule). */
  completedAt: isoDate.optional(),
  attendancePercent: z.number().min(0).max(100).optional(),
  /** A named assessor's free-text attestation (checked by an attestation rule; goes into the evidence). */
  attestation: z.strictObject({ assessor: text(200), statement: text(5000) }).optional(),
  term: text(100).optional(),
  role: text(100).optional(),
  /** The cohort the learner belongs to (an intake such as 2026-autumn), for queues, lists and reports. */
  cohort: text(100).optional(),
  /** Where and in what the learner studied, for lists and reports. */
  campus: text(100).optional(),
  programme: text(100).optional(),
  /** Files uploaded through POST /evidence-uploads, by upload id. */
  evidenceFiles: z.array(z.strictObject({ uploadId: z.uuid('an upload id from POST /evidence-uploads') })).max(10).default([]),
  /** Ask for an exception to failed rules: the request then goes to approval, flagged, with this justification. */
  exception: z.strictObject({ justification: text(5000) }).optional(),
});
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
