import { createHash, randomBytes } from 'node:crypto';

export interface IdentityObject {
  type: 'IdentityObject';
  identityType: string;
  hashed: true;
  identityHash: string;
  salt: string;
}

/** Email addresses are compared case-insensitively everywhere, so they are hashed normalized. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** OB 3.0 hashed identity: "sha256$" + hex(sha256(value + salt)). */
export function identityHash(value: string, salt: string): string {
  return `sha256$${createHash('sha256').update(value + salt, 'utf8').digest('hex')}`;
}

export const newSalt = () => randomBytes(16).toString('hex');

export function hashedEmail(email: string, salt: string): IdentityObject {
  return {
    type: 'IdentityObject',
    identityType: 'emailAddress',
    hashed: true,
    identityHash: identityHash(normalizeEmail(email), salt),
    salt,
  };
}

/** Any other identifier (student number, ORCID), hashed with the same salt; trimmed, case kept. */
export function hashedIdentifier(identityType: string, value: string, salt: string): IdentityObject {
  return { type: 'IdentityObject', identityType, hashed: true, identityHash: identityHash(value.trim(), salt), salt };
}
