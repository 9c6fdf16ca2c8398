import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import * as z from '../../shared/zod';
import { issuanceWorkflow, learnerRecords, repositories } from '../../shared/admin-deps';
import { httpHandler } from '../../shared/http/http-handler';
import { issuanceView } from '../../shared/api/views';
import { requestRenewal } from '../../shared/use-cases/renewals';
import { ValidationError } from '../../shared/errors';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.RenewCredential);
const deps = { ...repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION), ...learnerRecords(config), workflow: issuanceWorkflow(config.STATE_MACHINE_ARN) };

const idempotencyKey = z.optional(z.string().check(z.regex(/^[\x21-\x7e]{1,128}$/, 'Idempotency-Key must be 1–128 visible ASCII characters')));

/** Staff renew a credential (recertification): the renewal runs through the issuance workflow. */
export const handler = httpHandler(ADMIN_ROUTES.renewCredential, async ({ params, body, principal, headers }) => {
  const key = idempotencyKey.safeParse(headers['idempotency-key']);
  if (!key.success) throw new ValidationError('The Idempotency-Key header is malformed.', [{ path: 'header.idempotency-key', message: key.error.issues[0]!.message }]);
  const { issuance, replayed } = await requestRenewal(deps, params.id, body, principal!, { by: 'staff', idempotencyKey: key.data });
  return {
    status: 202,
    body: issuanceView(issuance, principal!),
    headers: { location: `/issuances/${issuance.id}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
  };
});
