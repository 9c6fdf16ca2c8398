import * as z from '../zod';
import { badgeDesign } from './badge-design';
import { built } from '../built';
import { ACHIEVEMENT_KINDS, ALIGNMENT_TARGET_TYPES, RESULT_TYPES, type AchievementKind } from '../credentials/open-badge';
import { approvalRole, httpUrl, isoDate, key, text } from './fields';

/**
 * What defines an achievement — its Open Badges fields, its evidence rules and its approval
 * policy — stored with each version and checked by the workflow.
 */
/**
 * The longest an approval step may wait, in hours: 60 days. A chain has at most six steps, so
 * the longest chain (360 days) still ends, decided or expired, within the one year a Standard
 * workflow may run (infra/constructs/issuance-workflow.ts).
 */
export const MAX_APPROVAL_DEADLINE_HOURS = 24 * 60;
export const MAX_APPROVAL_STEPS = 6;

/** How long each step may wait before the request expires; none: the deployment's laurel:approvalTimeoutHours. */
const deadlineHours = /* @__PURE__ */ built(() => z.optional(z.number().check(z.int(), z.gte(1), z.lte(MAX_APPROVAL_DEADLINE_HOURS, `at most ${MAX_APPROVAL_DEADLINE_HOURS} hours (60 days)`))));

export const approvalPolicy = /* @__PURE__ */ built(() => z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('auto') }),
  z.strictObject({ mode: z.literal('single'), role: z._default(approvalRole, 'approver'), deadlineHours }),
  /** An ordered chain: each role approves in turn (e.g. assessor → programme-lead → registrar). */
  z.strictObject({
    mode: z.literal('chain'),
    roles: z.array(approvalRole).check(
      z.minLength(2, 'a chain has at least two steps'),
      z.maxLength(MAX_APPROVAL_STEPS),
      z.refine((r) => new Set(r).size === r.length, 'each role appears once'),
    ),
    deadlineHours,
  }),
]));
export type ApprovalPolicy = z.infer<typeof approvalPolicy>;

/** How long each step of this policy may wait, in seconds: its own deadline, or the deployment's. */
export function approvalDeadlineSeconds(policy: ApprovalPolicy, deploymentSeconds: number): number {
  return policy.mode !== 'auto' && policy.deadlineHours !== undefined ? policy.deadlineHours * 3600 : deploymentSeconds;
}

/** The roles that must approve, in order; an exception needs an approver even under `auto`. */
export function approvalSteps(policy: ApprovalPolicy, exception = false): string[] {
  if (policy.mode === 'single') return [policy.role];
  if (policy.mode === 'chain') return policy.roles;
  return exception ? ['approver'] : [];
}

/** A skill or standard the achievement aligns to (framework name, URL, code). */
export const alignmentInput = /* @__PURE__ */ built(() => z.strictObject({
  targetName: text(200),
  targetUrl: httpUrl,
  targetFramework: z.optional(text(200)),
  targetCode: z.optional(text(100)),
  targetDescription: z.optional(text(1000)),
  targetType: z.optional(z.union([z.enum(ALIGNMENT_TARGET_TYPES), z.string().check(z.regex(/^ext:[A-Za-z0-9._-]+$/, 'a known target type or ext:Name'))])),
}));

/** How a result is expressed (a percentage, a grade, a rubric level…); results point at one by key. */
export const resultDescriptionInput = /* @__PURE__ */ built(() => z.strictObject({
  key,
  name: text(200),
  resultType: z.enum(RESULT_TYPES),
  allowedValue: z.optional(z.array(text(100)).check(z.maxLength(50))),
  requiredValue: z.optional(text(100)),
  valueMin: z.optional(text(50)),
  valueMax: z.optional(text(50)),
}));

/** The evidence rules of an achievement's issuance policy (versioned with the achievement). */
export const evidenceRule = /* @__PURE__ */ built(() => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('minimumScore'), resultKey: key, minimum: z.number() }),
  z.strictObject({ kind: z.literal('completionWindow'), from: z.optional(isoDate), until: z.optional(isoDate) }),
  z.strictObject({ kind: z.literal('minimumAttendance'), percent: z.number().check(z.gte(0), z.lte(100)) }),
  z.strictObject({ kind: z.literal('evidenceUrl') }),
  z.strictObject({ kind: z.literal('attestation') }),
  /** Uploaded evidence files (by presigned URL), present and hashed when the request is checked. */
  z.strictObject({ kind: z.literal('uploadedFile'), minFiles: z._default(z.number().check(z.int(), z.gte(1), z.lte(10)), 1) }),
  /** Continuing education: at least this many credits earned (the request's `creditsEarned`). */
  z.strictObject({ kind: z.literal('minimumCredits'), minimum: z.number().check(z.gt(0), z.lte(1000)) }),
]));
export type EvidenceRule = z.infer<typeof evidenceRule>;

/** The most reminders one credential may have: each is an email, and more is noise. */
export const MAX_REMINDERS = 6;

/**
 * Reminders before expiry: `daysBefore` its `validUntil` (0: on the day it expires), sent once
 * each to the learner's current contact address with a link to renew (shared/use-cases/reminders.ts).
 */
export const reminderPolicy = /* @__PURE__ */ built(() => z.strictObject({
  daysBefore: z
    .array(z.number().check(z.int(), z.gte(0), z.lte(730, 'at most 730 days (two years) before')))
    .check(
      z.minLength(1, 'name at least one day, or leave reminders out'),
      z.maxLength(MAX_REMINDERS, `at most ${MAX_REMINDERS} reminders`),
      z.refine((d) => new Set(d).size === d.length, 'each day appears once'),
    ),
}));
export type ReminderPolicy = z.infer<typeof reminderPolicy>;

/** Fields that contradict each other: a validity given twice, or reminders for a credential that never expires. */
export function validityConflicts(a: { validityDays?: number | undefined; validUntilDate?: string | undefined; reminders?: ReminderPolicy | undefined; renewal?: unknown }) {
  const issues: { path: string; message: string }[] = [];
  if (a.validityDays !== undefined && a.validUntilDate !== undefined) issues.push({ path: 'body.validUntilDate', message: 'give validityDays or validUntilDate, not both' });
  if (a.reminders && a.validityDays === undefined && a.validUntilDate === undefined) issues.push({ path: 'body.reminders', message: 'reminders need a validity (validityDays or validUntilDate)' });
  // A fixed end date would give the renewed credential the same end: nothing would be renewed.
  if (a.renewal && a.validityDays === undefined) issues.push({ path: 'body.renewal', message: 'renewal needs a validity in days (validityDays): a renewed credential runs for it again' });
  return issues;
}

/**
 * Recertification: what renewing a credential of this achievement needs — its own evidence rules
 * (continuing education credits, an attestation, a new score, uploaded evidence), checked as an
 * award's are — and who decides; when a renewal may be asked for, and what validity it gives.
 */
export const renewalPolicy = /* @__PURE__ */ built(() => z.strictObject({
  rules: z._default(z.array(evidenceRule).check(z.maxLength(20)), []),
  /** Who decides a renewal; absent: the achievement's own approval policy. */
  approval: z.optional(approvalPolicy),
  /** The new validity runs from the old expiry (renewing early loses nothing) or from the decision. */
  validFrom: z._default(z.enum(['previousExpiry', 'decision']), 'previousExpiry'),
  /** How long before its expiry a credential may be renewed. */
  opensDaysBefore: z._default(z.number().check(z.int(), z.gte(1), z.lte(730)), 90),
  /** How long after its expiry it still may be (a grace period); 0: not after. */
  graceDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(730)), 0),
}));
export type RenewalPolicy = z.infer<typeof renewalPolicy>;

/** Everything that defines an achievement; stored with each version. */
export const achievementFields = /* @__PURE__ */ built(() => ({
  kind: z.enum(Object.keys(ACHIEVEMENT_KINDS) as [AchievementKind, ...AchievementKind[]]),
  name: text(200),
  description: text(2000),
  criteria: text(5000),
  image: z.optional(z.strictObject({ id: httpUrl, caption: z.optional(text(500)) })),
  /** The badge designer's choices (shape, colours, title, icon) that drew `image`, kept to edit them again. */
  design: z.optional(badgeDesign),
  tags: z._default(z.array(text(50)).check(z.maxLength(20)), []),
  alignments: z._default(z.array(alignmentInput).check(z.maxLength(50)), []),
  creditsAvailable: z.optional(z.number().check(z.gte(0), z.lte(1000))),
  resultDescriptions: z
    ._default(z.array(resultDescriptionInput).check(z.maxLength(20)), [])
    .check(z.refine((ds) => new Set(ds.map((d) => d.key)).size === ds.length, 'result description keys must be unique')),
  fieldOfStudy: z.optional(text(200)),
  humanCode: z.optional(text(50)),
  inLanguage: z.optional(z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag, e.g. en or en-GB'))),
  specialization: z.optional(text(200)),
  /** How long each credential is valid from its issue (or renewal); absent with no end date: for life. */
  validityDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(36500))),
  /**
   * One end date for every credential, whenever issued (a licence for the 2027 season): instead
   * of `validityDays`, not with it (validityConflicts).
   */
  validUntilDate: z.optional(isoDate),
  /** Emails to the learner before the credential expires; needs a validity. */
  reminders: z.optional(reminderPolicy),
  /** How a credential is renewed (recertification); needs a validity. Absent: it is not renewed, but earned again. */
  renewal: z.optional(renewalPolicy),
  /** Evidence every request is checked against, rule by rule. */
  rules: z._default(z.array(evidenceRule).check(z.maxLength(20)), []),
  /** Let one learner hold this achievement version more than once (default: one active credential). */
  allowRepeats: z._default(z.boolean(), false),
  /** auto: issue when every rule passes; single or chain: named people decide. */
  approval: z._default(approvalPolicy, { mode: 'single', role: 'approver' }),
}));

/**
 * The rules and approval an issuance is held to: a renewal's are the renewal policy's (its
 * approval defaulting to the achievement's), any other request's the achievement's own. A
 * completion whose course mapping requires approval goes to an approver even when the
 * achievement auto-approves (a mapping makes issuing stricter, never looser).
 */
export function policyFor(
  achievement: { rules: EvidenceRule[]; approval: ApprovalPolicy; renewal?: RenewalPolicy | undefined },
  issuance: { renews?: unknown; origin?: { requireApproval: boolean } | undefined },
): { rules: EvidenceRule[]; approval: ApprovalPolicy } {
  if (issuance.renews && achievement.renewal) return { rules: achievement.renewal.rules, approval: achievement.renewal.approval ?? achievement.approval };
  if (issuance.origin?.requireApproval && achievement.approval.mode === 'auto') return { rules: achievement.rules, approval: { mode: 'single', role: 'approver' } };
  return { rules: achievement.rules, approval: achievement.approval };
}
