import type { Issuance } from '../entities/issuance';
import { maskEmail, seesEmail, type Principal } from '../domain/staff';

export { maskEmail, seesEmail };

/**
 * What the admin API shows of an issuance. The task token never leaves the table (it is a
 * bearer capability to complete the workflow step) and the email is masked for other roles.
 */
export function issuanceView(issuance: Issuance, viewer: Principal) {
  const { approval, recipientSalt: _salt, ...rest } = issuance;
  return {
    ...rest,
    recipient: 'erased' in issuance.recipient || seesEmail(viewer) ? issuance.recipient : { ...issuance.recipient, email: maskEmail(issuance.recipient.email) },
    ...(issuance.deliveryEmail ? { deliveryEmail: seesEmail(viewer) ? issuance.deliveryEmail : maskEmail(issuance.deliveryEmail) } : {}),
    ...(approval ? { approval: { ...approval, taskToken: undefined } } : {}),
  };
}
