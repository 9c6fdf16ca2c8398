import type { Issuance } from '../entities/issuance';
import type { Principal } from '../http/auth';

/** Roles that may see a learner's clear-text email (they issue to it or correct it). */
const EMAIL_ROLES = new Set(['admin', 'issuer', 'registrar']);

export const maskEmail = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
};

export const seesEmail = (viewer: Principal) => viewer.roles.some((r) => EMAIL_ROLES.has(r));

/**
 * What the admin API shows of an issuance. The task token never leaves the table (it is a
 * bearer capability to complete the workflow step) and the email is masked for other roles.
 */
export function issuanceView(issuance: Issuance, viewer: Principal) {
  const { approval, recipientSalt: _salt, ...rest } = issuance;
  return {
    ...rest,
    recipient: { ...issuance.recipient, email: seesEmail(viewer) ? issuance.recipient.email : maskEmail(issuance.recipient.email) },
    ...(issuance.deliveryEmail ? { deliveryEmail: seesEmail(viewer) ? issuance.deliveryEmail : maskEmail(issuance.deliveryEmail) } : {}),
    ...(approval ? { approval: { ...approval, taskToken: undefined } } : {}),
  };
}
