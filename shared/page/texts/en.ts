/**
 * Every text of the public verification page, in English. A translation is a copy of this file
 * with the same keys (checked by the type), registered in ../texts.ts — no code changes.
 */
export const en = {
  lang: 'en',
  dir: 'ltr',
  titleSuffix: 'verified credential',
  skipToContent: 'Skip to the credential',
  status: {
    valid: { label: 'Valid', text: 'This credential is genuine and current.' },
    expired: { label: 'Expired', text: 'This credential is genuine, but it expired on {date}.' },
    revoked: { label: 'Revoked', text: 'The issuer revoked this credential on {date}. It is no longer valid.' },
    revokedUndated: { label: 'Revoked', text: 'The issuer revoked this credential. It is no longer valid.' },
    suspended: { label: 'Suspended', text: 'The issuer has suspended this credential. It is not valid while suspended.' },
    invalid: { label: 'Not verified', text: 'This credential could not be verified. Do not rely on it.' },
  },
  checkedAt: 'Checked {date}',
  superseded: {
    text: 'A newer version replaced this credential on {date}. It was not revoked: the award stands.',
    link: 'See the current version',
    name: 'Shown on the current version, if its holder chose to.',
  },
  awardedTo: 'Awarded to',
  recipientPrivate: 'The recipient has chosen not to publish their name. Ask them to confirm it is theirs.',
  issuedBy: 'Issued by',
  issuedOn: 'Issued',
  validUntil: 'Valid until',
  noExpiry: 'Does not expire',
  description: 'What it is',
  criteria: 'What it took',
  skills: 'Skills and standards',
  results: 'Results',
  evidence: 'Evidence',
  credits: 'Credits',
  howChecked: 'How this was checked',
  checkPassed: 'Passed',
  checkFailed: 'Failed',
  checks: {
    structure: 'It is a well-formed Open Badges 3.0 credential.',
    schema: 'It follows the Open Badges 3.0 schema.',
    jsonld: 'Its terms are the standard vocabulary, nothing unknown.',
    key: "The signing key is the issuer's, and was not reported compromised.",
    signature: 'The digital signature matches: nothing was changed since it was issued.',
    issuer: 'The issuer authorizes that key to sign credentials.',
    validity: 'It is within its dates of validity.',
    status: 'The issuer has not revoked or suspended it.',
  },
  share: 'Share and keep',
  addToLinkedIn: 'Add to LinkedIn profile',
  copyLink: 'Copy link',
  copied: 'Link copied',
  downloadJson: 'Download the credential (JSON)',
  qrLabel: 'QR code of this page',
  forMachines: 'For software: this URL answers with the signed credential (application/ld+json) and its verification result at {url}.',
  badgeAlt: 'Badge image: {name}',
  logoAlt: '{name} logo',
  notFoundTitle: 'Credential not found',
  notFoundText: 'There is no credential at this address. Check the link, or ask the person who shared it.',
  poweredBy: 'Verified with Laurel, an open-source Open Badges 3.0 issuer',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type PageTexts = Widen<typeof en>;
