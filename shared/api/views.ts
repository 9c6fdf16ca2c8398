import type { Issuance } from '../entities/issuance';
import type { Principal } from '../http/auth';

/** Roles that may see a learner's clear-text email (they issue to it or correct it). */
const EMAIL_ROLES = new Set(['admin', 'issuer', 'registrar']);

const maskEmail = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
};

/**
 * What the admin API shows of an issuance. The task token never leaves the table (it is a
 * bearer capability to complete the workflow step) and the email is masked for other roles.
 */
export function issuanceView(issuance: Issuance, viewer: Principal) {
  const { approval, recipientSalt: _salt, ...rest } = issuance;
  const seesEmail = viewer.roles.some((r) => EMAIL_ROLES.has(r));
  return {
    ...rest,
    recipient: { ...issuance.recipient, email: seesEmail ? issuance.recipient.email : maskEmail(issuance.recipient.email) },
    ...(approval ? { approval: { ...approval, taskToken: undefined } } : {}),
  };
}
