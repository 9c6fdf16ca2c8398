import { CONTEXTS } from './document-loader';
import { hashedEmail, type IdentityObject } from './recipient';
import { OB_CREDENTIAL_SCHEMA_ID } from './schema';
import type { StatusEntry } from './status-list';

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

export interface IssuerProfileInput {
  id: string;
  name: string;
  url: string;
  email?: string;
}

export interface AchievementInput {
  id: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: string;
  image?: { id: string; caption?: string };
  tags?: string[];
}

export interface CredentialInput {
  id: string;
  issuer: IssuerProfileInput;
  achievement: AchievementInput;
  recipient: { email: string; salt: string; name?: string };
  validFrom: string;
  validUntil?: string;
  awardedDate: string;
  credentialStatus?: StatusEntry;
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

/** Builds the unsigned OpenBadgeCredential. The learner's email only ever appears hashed. */
export function buildOpenBadgeCredential(input: CredentialInput): OpenBadgeCredential {
  const { achievement, issuer } = input;
  return {
    '@context': [...CREDENTIAL_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement.name,
    issuer: {
      id: issuer.id,
      type: ['Profile'],
      name: issuer.name,
      url: issuer.url,
      ...(issuer.email ? { email: issuer.email } : {}),
    },
    validFrom: input.validFrom,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [hashedEmail(input.recipient.email, input.recipient.salt)],
      ...(input.recipient.name ? { name: input.recipient.name } : {}),
      activityEndDate: input.awardedDate,
      achievement: {
        id: achievement.id,
        type: ['Achievement'],
        achievementType: ACHIEVEMENT_KINDS[achievement.kind],
        name: achievement.name,
        description: achievement.description,
        criteria: { narrative: achievement.criteria },
        ...(achievement.image ? { image: { id: achievement.image.id, type: 'Image', ...(achievement.image.caption ? { caption: achievement.image.caption } : {}) } } : {}),
        ...(achievement.tags?.length ? { tag: achievement.tags } : {}),
      },
    },
    awardedDate: input.awardedDate,
    credentialSchema: [{ id: OB_CREDENTIAL_SCHEMA_ID, type: '1EdTechJsonSchemaValidator2019' }],
    // One entry (the schema allows no array): revocation, which every verifier reads.
    // Suspension has its own list, which Laurel's verification checks as well.
    ...(input.credentialStatus ? { credentialStatus: input.credentialStatus } : {}),
  };
}
