import { z } from 'zod';
import { ACHIEVEMENT_KINDS, type AchievementKind } from '../credentials/open-badge';
import { approvalPolicy } from '../entities/achievement';

/**
 * Request and response schemas of the admin API. Handlers validate with them; the OpenAPI
 * document (issue #5) is generated from the same objects. `strictObject` rejects unknown
 * fields, so a typo is a 400 instead of a silently ignored setting.
 */
const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use lowercase letters, digits and dashes (max 64)');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const createAchievementBody = z.strictObject({
  id: slug.optional(),
  kind: z.enum(Object.keys(ACHIEVEMENT_KINDS) as [AchievementKind, ...AchievementKind[]]),
  name: text(200),
  description: text(2000),
  criteria: text(5000),
  image: z.strictObject({ id: z.url({ protocol: /^https?$/ }), caption: text(500).optional() }).optional(),
  tags: z.array(text(50)).max(20).default([]),
  validityDays: z.number().int().min(1).max(36500).optional(),
  approval: approvalPolicy.default({ mode: 'single', role: 'approver' }),
});
export type CreateAchievementBody = z.infer<typeof createAchievementBody>;

export const requestIssuanceBody = z.strictObject({
  achievementId: slug.or(z.uuid()),
  recipient: z.strictObject({
    email: z.email('must be an email address').max(254),
    name: text(200).optional(),
    publishName: z.boolean().default(false),
  }),
});
export type RequestIssuanceBody = z.infer<typeof requestIssuanceBody>;

export const decisionBody = z.strictObject({ comment: text(2000).optional() });
export const rejectionBody = z.strictObject({ reason: text(2000) });

export const idPath = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id') });

/** Revoke and suspend need a reason (it goes into the record and the audit trail); reinstate may have one. */
export const statusChangeBody = z.strictObject({ reason: text(2000).optional() });
export const statusChangePath = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id'),
});
