import * as z from 'zod';
import { ACHIEVEMENT_KINDS, ALIGNMENT_TARGET_TYPES, RESULT_TYPES, type AchievementKind } from '../credentials/open-badge';
import { approvalRole, httpUrl, isoDate, key, text } from './fields';

/**
 * What defines an achievement — its Open Badges fields, its evidence rules and its approval
 * policy — stored with each version and checked by the workflow.
 */
export const approvalPolicy = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('auto') }),
  z.strictObject({ mode: z.literal('single'), role: approvalRole.default('approver') }),
  /** An ordered chain: each role approves in turn (e.g. assessor → programme-lead → registrar). */
  z.strictObject({
    mode: z.literal('chain'),
    roles: z
      .array(approvalRole)
      .min(2, 'a chain has at least two steps')
      .max(6)
      .refine((r) => new Set(r).size === r.length, 'each role appears once'),
  }),
]);
export type ApprovalPolicy = z.infer<typeof approvalPolicy>;

/** The roles that must approve, in order; an exception needs an approver even under `auto`. */
export function approvalSteps(policy: ApprovalPolicy, exception = false): string[] {
  if (policy.mode === 'single') return [policy.role];
  if (policy.mode === 'chain') return policy.roles;
  return exception ? ['approver'] : [];
}

/** A skill or standard the achievement aligns to (framework name, URL, code). */
export const alignmentInput = z.strictObject({
  targetName: text(200),
  targetUrl: httpUrl,
  targetFramework: text(200).optional(),
  targetCode: text(100).optional(),
  targetDescription: text(1000).optional(),
  targetType: z.enum(ALIGNMENT_TARGET_TYPES).or(z.string().regex(/^ext:[A-Za-z0-9._-]+$/, 'a known target type or ext:Name')).optional(),
});

/** How a result is expressed (a percentage, a grade, a rubric level…); results point at one by key. */
export const resultDescriptionInput = z.strictObject({
  key,
  name: text(200),
  resultType: z.enum(RESULT_TYPES),
  allowedValue: z.array(text(100)).max(50).optional(),
  requiredValue: text(100).optional(),
  valueMin: text(50).optional(),
  valueMax: text(50).optional(),
});

/** The evidence rules of an achievement's issuance policy (versioned with the achievement). */
export const evidenceRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('minimumScore'), resultKey: key, minimum: z.number() }),
  z.strictObject({ kind: z.literal('completionWindow'), from: isoDate.optional(), until: isoDate.optional() }),
  z.strictObject({ kind: z.literal('minimumAttendance'), percent: z.number().min(0).max(100) }),
  z.strictObject({ kind: z.literal('evidenceUrl') }),
  z.strictObject({ kind: z.literal('attestation') }),
  /** Uploaded evidence files (by presigned URL), present and hashed when the request is checked. */
  z.strictObject({ kind: z.literal('uploadedFile'), minFiles: z.number().int().min(1).max(10).default(1) }),
]);
export type EvidenceRule = z.infer<typeof evidenceRule>;

/** Everything that defines an achievement; stored with each version. */
export const achievementFields = {
  kind: z.enum(Object.keys(ACHIEVEMENT_KINDS) as [AchievementKind, ...AchievementKind[]]),
  name: text(200),
  description: text(2000),
  criteria: text(5000),
  image: z.strictObject({ id: httpUrl, caption: text(500).optional() }).optional(),
  tags: z.array(text(50)).max(20).default([]),
  alignments: z.array(alignmentInput).max(50).default([]),
  creditsAvailable: z.number().min(0).max(1000).optional(),
  resultDescriptions: z
    .array(resultDescriptionInput)
    .max(20)
    .default([])
    .refine((ds) => new Set(ds.map((d) => d.key)).size === ds.length, 'result description keys must be unique'),
  fieldOfStudy: text(200).optional(),
  humanCode: text(50).optional(),
  inLanguage: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag, e.g. en or en-GB').optional(),
  specialization: text(200).optional(),
  validityDays: z.number().int().min(1).max(36500).optional(),
  /** Evidence every request is checked against, rule by rule. */
  rules: z.array(evidenceRule).max(20).default([]),
  /** Let one learner hold this achievement version more than once (default: one active credential). */
  allowRepeats: z.boolean().default(false),
  /** auto: issue when every rule passes; single or chain: named people decide. */
  approval: approvalPolicy.default({ mode: 'single', role: 'approver' }),
};
