import * as z from 'zod';
import { ACHIEVEMENT_KINDS, ALIGNMENT_TARGET_TYPES, RESULT_STATUSES, RESULT_TYPES, type AchievementKind } from '../credentials/open-badge';

/**
 * Request and response schemas of the admin API. Handlers validate with them; the OpenAPI
 * document (issue #5) is generated from the same objects. `strictObject` rejects unknown
 * fields, so a typo is a 400 instead of a silently ignored setting.
 */
const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use lowercase letters, digits and dashes (max 64)');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const key = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lowercase letters, digits and dashes (max 40)');
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

/** An approval role: a Cognito group such as approver, assessor, programme-lead, registrar. */
const approvalRole = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a group name: lowercase letters, digits and dashes');

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

export const createAchievementBody = z.strictObject({
  id: slug.optional(),
  /** Which issuer awards it; the deployment's default issuer when absent. */
  issuerId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a valid issuer id').optional(),
  ...achievementFields,
});
export type CreateAchievementBody = z.infer<typeof createAchievementBody>;
/** What a client sends (defaults not yet applied). */
export type CreateAchievementInput = z.input<typeof createAchievementBody>;

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

export const decisionBody = z.strictObject({ comment: text(2000).optional() });
export const rejectionBody = z.strictObject({ reason: text(2000) });

export const idPath = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id') });

/** Revoke and suspend need a reason (it goes into the record and the audit trail); reinstate may have one. */
export const statusChangeBody = z.strictObject({ reason: text(2000).optional() });

const issuerId = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use lowercase letters, digits and dashes (max 64)');

export const createIssuerBody = z.strictObject({
  issuerId,
  name: text(200),
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
  email: z.email('must be an email address').optional(),
  description: text(2000).optional(),
  image: z.strictObject({ id: httpUrl, caption: text(500).optional() }).optional(),
});

export const issuerPath = z.strictObject({ issuerId });
export const issuerKeyPath = z.strictObject({ issuerId, keyId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid key id') });

export const compromiseBody = z.strictObject({
  /** When the key is believed to have been exposed. */
  from: isoDate,
  reason: text(2000),
});

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

/** The fields of an achievement a change may touch; defaults are not re-applied to what is absent. */
const withoutDefault = (schema: z.ZodType) => (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema);
export const updateAchievementBody = z
  .strictObject({
    ...(Object.fromEntries(Object.entries(achievementFields).map(([k, v]) => [k, withoutDefault(v).optional()])) as {
      [K in keyof typeof achievementFields]: z.ZodOptional<(typeof achievementFields)[K] extends z.ZodDefault<infer T> ? T : (typeof achievementFields)[K]>;
    }),
    /** Why the definition changed; kept with the new version and in the audit trail. */
    changeNote: text(1000).optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'changeNote'), { message: 'change at least one field', path: [] });
export type UpdateAchievementBody = z.infer<typeof updateAchievementBody>;

export const ACHIEVEMENT_STATES = ['active', 'archived', 'all'] as const;
export const listAchievementsQuery = pageQuery.extend({
  issuerId: issuerId.optional(),
  kind: achievementFields.kind.optional(),
  status: z.enum(ACHIEVEMENT_STATES).default('active'),
  tag: z.string().max(50).optional(),
});
export const getAchievementQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });
export const archiveBody = z.strictObject({ reason: text(2000).optional() });

/** Badge images: what verifiers, wallets and LinkedIn render. */
export const IMAGE_TYPES = ['image/png', 'image/svg+xml', 'image/jpeg'] as const;
export const imageUploadBody = z.strictObject({
  contentType: z.enum(IMAGE_TYPES),
  size: z.number().int().min(1).max(2 * 1024 * 1024, 'at most 2 MiB'),
});

export const updateIssuerBody = z
  .strictObject({
    name: text(200).optional(),
    url: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
    email: z.email('must be an email address').optional(),
    description: text(2000).optional(),
    image: z.strictObject({ id: httpUrl, caption: text(500).optional() }).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field', path: [] });

/** A calendar date (a whole day) or an instant. */
export const dateBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'a date (2026-09-01) or an ISO 8601 date-time' });

const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

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

export const listIssuancesQuery = pageQuery.extend({
  /** One status or several, comma-separated. */
  status: commaList(ISSUANCE_STATUS_VALUES).optional(),
  achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id').optional(),
  cohort: z.string().max(100).optional(),
  campus: z.string().max(100).optional(),
  programme: z.string().max(100).optional(),
  /** The requester's user id (`sub`), or `me`. */
  requestedBy: z.string().max(128).optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
});
export const pendingApprovalsQuery = z.strictObject({
  role: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'an approval role').default('approver'),
  achievementId: z.string().max(64).optional(),
  cohort: z.string().max(100).optional(),
  olderThanMinutes: z.coerce.number().int().min(0).max(60 * 24 * 365).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});
export const cancelBody = z.strictObject({ reason: text(2000) });
export const exceptionBody = z.strictObject({ justification: text(5000) });

export const CREDENTIAL_STATUS_VALUES = ['ACTIVE', 'REVOKED', 'SUSPENDED'] as const;
export const listCredentialsQuery = pageQuery.extend({
  achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id').optional(),
  status: commaList(CREDENTIAL_STATUS_VALUES).optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
});
/** Search by learner: in the body, so an email never lands in a URL or an access log. */
export const searchCredentialsBody = z
  .strictObject({
    email: z.email('must be an email address').max(254).optional(),
    studentId: text(64).optional(),
    achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id').optional(),
    status: z.array(z.enum(CREDENTIAL_STATUS_VALUES)).min(1).optional(),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2048).optional(),
  })
  .refine((b) => (b.email ? 1 : 0) + (b.studentId ? 1 : 0) === 1, { message: 'give exactly one of email or studentId', path: ['email'] });
export const deliveryAddressBody = z.strictObject({ email: z.email('must be an email address').max(254) });

export const REPORTS = ['issuances', 'approval-turnaround', 'deliveries'] as const;
export const REPORT_DIMENSIONS = ['achievement', 'cohort', 'campus', 'programme', 'month'] as const;
export const reportPath = z.strictObject({ report: z.enum(REPORTS) });
export const reportQuery = z.strictObject({
  from: dateBound,
  to: dateBound.optional(),
  /** Dimensions to group by, comma-separated (issuances report; the others group by achievement). */
  groupBy: commaList(REPORT_DIMENSIONS).default(['achievement', 'month']),
  achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id').optional(),
  /** `csv` is the same as sending `Accept: text/csv`. */
  format: z.enum(['json', 'csv']).optional(),
});

/** A cohort file announced before its upload: the hash guards against issuing the same file twice. */
export const createBatchBody = z.strictObject({
  achievementId: slug.or(z.uuid()),
  /** The cohort every row belongs to, for lists, queues and reports. */
  cohort: z.strictObject({ intake: text(100).optional(), programme: text(100).optional(), campus: text(100).optional() }).optional(),
  file: z.strictObject({
    name: z.string().min(1).max(200).regex(/^[^/\\\x00-\x1f]+$/, 'a file name without slashes or control characters'),
    size: z.number().int().min(1).max(200 * 1024 * 1024, 'at most 200 MiB'),
    sha256: z.string().regex(/^[a-fA-F0-9]{64}$/, 'the SHA-256 of the file, 64 hex digits'),
    /** csv (a header row, then one learner per row) or jsonl (one JSON object per line); by default from the name. */
    format: z.enum(['csv', 'jsonl']).optional(),
  }),
  /** stop: wait for staff to start the valid rows (or fix the file); issue-valid: go ahead with the valid rows. */
  onInvalidRows: z.enum(['stop', 'issue-valid']).default('stop'),
});
export type CreateBatchBody = z.infer<typeof createBatchBody>;
export const batchCancelBody = z.strictObject({ reason: text(2000).optional() });
