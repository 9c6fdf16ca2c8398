import { CONTEXTS } from './document-loader';
import { hashedEmail, hashedIdentifier, type IdentityObject } from './recipient';
import type { StatusEntry } from './status-list';

/**
 * The official schema every credential names in credentialSchema. Defined here, not beside the
 * validator (schema.ts), so building a credential or an API schema does not load Ajv and compile
 * the schema at cold start.
 */
export const OB_CREDENTIAL_SCHEMA_ID =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/**
 * The kinds of achievement staff pick from, and the OB 3.0 `achievementType` term each one
 * becomes. Kept in one table so the mapping is visible and reviewable.
 */
export const ACHIEVEMENT_KINDS = {
  course: 'Course',
  project: 'Assignment',
  assessment: 'Assessment',
  experience: 'CoCurricular',
  competency: 'Competency',
  microcredential: 'MicroCredential',
  badge: 'Badge',
} as const;
export type AchievementKind = keyof typeof ACHIEVEMENT_KINDS;

/** OB 3.0 vocabularies used by the model (the official schema's enums). */
export const ALIGNMENT_TARGET_TYPES = ['ceasn:Competency', 'ceterms:Credential', 'CFItem', 'CFRubric', 'CFRubricCriterion', 'CFRubricCriterionLevel', 'CTDL'] as const;
export const RESULT_TYPES = [
  'GradePointAverage',
  'LetterGrade',
  'Percent',
  'PerformanceLevel',
  'PredictedScore',
  'RawScore',
  'Result',
  'RubricCriterion',
  'RubricCriterionLevel',
  'RubricScore',
  'ScaledScore',
  'Status',
] as const;
export const RESULT_STATUSES = ['Completed', 'Enrolled', 'Failed', 'InProgress', 'OnHold', 'Provisional', 'Withdrawn'] as const;
/** Further learner identifiers, hashed like the email: student number (SIS id) and ORCID. */
export const IDENTIFIER_TYPES = { studentId: 'sisSourcedId', orcid: 'ext:ORCID' } as const;

export interface AlignmentInput {
  targetName: string;
  targetUrl: string;
  targetFramework?: string;
  targetCode?: string;
  targetDescription?: string;
  /** One of ALIGNMENT_TARGET_TYPES, or an extension `ext:Name`. */
  targetType?: string;
}

export interface ResultDescriptionInput {
  /** Stable key within the achievement; results refer to it. */
  key: string;
  name: string;
  resultType: (typeof RESULT_TYPES)[number];
  allowedValue?: string[];
  requiredValue?: string;
  valueMin?: string;
  valueMax?: string;
}

export interface EvidenceInput {
  id?: string;
  name?: string;
  narrative?: string;
  description?: string;
  genre?: string;
  audience?: string;
}

export interface ResultInput {
  resultKey: string;
  value?: string;
  status?: (typeof RESULT_STATUSES)[number];
  achievedLevel?: string;
}

export interface IssuerProfileInput {
  id: string;
  name: string;
  url: string;
  email?: string;
  /** LinkedIn's numeric Page id, as the kit's convention (LCW #754) names it in otherIdentifier. */
  linkedInOrganizationId?: string;
}

/** The identifier type LinkedIn's organization id is published under (an `ext:` type the OB schema allows). */
export const LINKEDIN_IDENTIFIER_TYPE = 'ext:LinkedIn:organizationId';

export interface AchievementInput {
  id: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: string;
  image?: { id: string; caption?: string };
  tags?: string[];
  alignments?: AlignmentInput[];
  creditsAvailable?: number;
  resultDescriptions?: ResultDescriptionInput[];
  fieldOfStudy?: string;
  humanCode?: string;
  inLanguage?: string;
  specialization?: string;
}

export interface CredentialInput {
  id: string;
  issuer: IssuerProfileInput;
  achievement: AchievementInput;
  recipient: { email: string; salt: string; name?: string; studentId?: string; orcid?: string };
  evidence?: EvidenceInput[];
  results?: ResultInput[];
  creditsEarned?: number;
  activityStartDate?: string;
  term?: string;
  role?: string;
  validFrom: string;
  validUntil?: string;
  awardedDate: string;
  credentialStatus?: StatusEntry;
  renderMethod?: RenderMethodInput;
}

export type OpenBadgeCredential = Record<string, unknown> & {
  '@context': string[];
  id: string;
  type: string[];
  issuer: Record<string, unknown> & { id: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject: Record<string, unknown> & { identifier: IdentityObject[] };
};

export const CREDENTIAL_CONTEXT = [CONTEXTS.credentialsV2, CONTEXTS.openBadgesV3, CONTEXTS.openBadgesExtensions];
/** With a render method: its context too, so that every term stays defined (JSON-LD safe mode). */
export const RENDERED_CREDENTIAL_CONTEXT = [...CREDENTIAL_CONTEXT, CONTEXTS.renderMethodV1];

/**
 * How a wallet draws and prints the credential: an SVG template (Handlebars, as the Learner
 * Credential Wallet fills it: `{{credential.…}}` and `{{ qr_code }}`) at a URL of the issuer's.
 */
export interface RenderMethodInput {
  templateUrl: string;
  name: string;
}

const compact = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as Partial<T>;

/** Where a result description lives: a fragment of its achievement, so results can point at it. */
export const resultDescriptionId = (achievementId: string, key: string) => `${achievementId}#result-${key}`;

function alignment(a: AlignmentInput) {
  return compact({ type: ['Alignment'], targetName: a.targetName, targetUrl: a.targetUrl, targetFramework: a.targetFramework, targetCode: a.targetCode, targetDescription: a.targetDescription, targetType: a.targetType });
}

/** Builds the unsigned OpenBadgeCredential. The learner's email and identifiers only ever appear hashed. */
export function buildOpenBadgeCredential(input: CredentialInput): OpenBadgeCredential {
  const { achievement, issuer, recipient } = input;
  const identifiers: IdentityObject[] = [hashedEmail(recipient.email, recipient.salt)];
  if (recipient.studentId) identifiers.push(hashedIdentifier(IDENTIFIER_TYPES.studentId, recipient.studentId, recipient.salt));
  if (recipient.orcid) identifiers.push(hashedIdentifier(IDENTIFIER_TYPES.orcid, recipient.orcid, recipient.salt));
  return {
    '@context': input.renderMethod ? [...RENDERED_CREDENTIAL_CONTEXT] : [...CREDENTIAL_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement.name,
    issuer: {
      id: issuer.id,
      type: ['Profile'],
      name: issuer.name,
      url: issuer.url,
      ...(issuer.email ? { email: issuer.email } : {}),
      ...(issuer.linkedInOrganizationId
        ? { otherIdentifier: [{ type: 'IdentifierEntry', identifierType: LINKEDIN_IDENTIFIER_TYPE, identifier: issuer.linkedInOrganizationId }] }
        : {}),
    },
    validFrom: input.validFrom,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: identifiers,
      ...(recipient.name ? { name: recipient.name } : {}),
      ...compact({ activityStartDate: input.activityStartDate, creditsEarned: input.creditsEarned, term: input.term, role: input.role }),
      activityEndDate: input.awardedDate,
      ...(input.results?.length
        ? {
            result: input.results.map((r) =>
              compact({ type: ['Result'], resultDescription: resultDescriptionId(achievement.id, r.resultKey), value: r.value, status: r.status, achievedLevel: r.achievedLevel }),
            ),
          }
        : {}),
      achievement: {
        id: achievement.id,
        type: ['Achievement'],
        achievementType: ACHIEVEMENT_KINDS[achievement.kind],
        name: achievement.name,
        description: achievement.description,
        criteria: { narrative: achievement.criteria },
        ...(achievement.image ? { image: { id: achievement.image.id, type: 'Image', ...(achievement.image.caption ? { caption: achievement.image.caption } : {}) } } : {}),
        ...(achievement.tags?.length ? { tag: achievement.tags } : {}),
        ...(achievement.alignments?.length ? { alignment: achievement.alignments.map(alignment) } : {}),
        ...compact({
          creditsAvailable: achievement.creditsAvailable,
          fieldOfStudy: achievement.fieldOfStudy,
          humanCode: achievement.humanCode,
          inLanguage: achievement.inLanguage,
          specialization: achievement.specialization,
        }),
        ...(achievement.resultDescriptions?.length
          ? {
              resultDescription: achievement.resultDescriptions.map((d) =>
                compact({
                  id: resultDescriptionId(achievement.id, d.key),
                  type: ['ResultDescription'],
                  name: d.name,
                  resultType: d.resultType,
                  allowedValue: d.allowedValue,
                  requiredValue: d.requiredValue,
                  valueMin: d.valueMin,
                  valueMax: d.valueMax,
                }),
              ),
            }
          : {}),
      },
    },
    awardedDate: input.awardedDate,
    ...(input.evidence?.length ? { evidence: input.evidence.map((e) => compact({ type: ['Evidence'], ...e })) } : {}),
    credentialSchema: [{ id: OB_CREDENTIAL_SCHEMA_ID, type: '1EdTechJsonSchemaValidator2019' }],
    // One entry (the schema allows no array): revocation, which every verifier reads.
    // Suspension has its own list, which Laurel's verification checks as well.
    ...(input.credentialStatus ? { credentialStatus: input.credentialStatus } : {}),
    ...(input.renderMethod
      ? { renderMethod: [{ id: input.renderMethod.templateUrl, type: 'SvgRenderingTemplate2023', name: input.renderMethod.name, css3MediaQuery: '@media (orientation: landscape)' }] }
      : {}),
  };
}
