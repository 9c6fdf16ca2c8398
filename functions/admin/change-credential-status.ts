import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { credentialStatusDeps } from '../../shared/credential-status-deps';
import { ValidationError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';
import { changeCredentialStatus, type StatusAction } from '../../shared/use-cases/credential-status';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = credentialStatusDeps(loadSettings(ADMIN_FUNCTIONS.ChangeCredentialStatus));

const ACTIONS: Record<string, StatusAction> = { revoke: 'revoke', suspend: 'suspend', reinstate: 'reinstate' };

/** POST /credentials/{id}/revoke | /suspend | /reinstate — one function, three routes (same spec apart from the path). */
export const handler = httpHandler(ADMIN_ROUTES.revokeCredential, async ({ params, body, principal, event }) => {
  const action = ACTIONS[event.rawPath.split('/').pop() ?? ''];
  if (!action) throw new ValidationError('Unknown status action.', [{ path: 'path', message: 'use revoke, suspend or reinstate' }]);
  if (action !== 'reinstate' && !body.reason) {
    throw new ValidationError(`A reason is required to ${action} a credential.`, [{ path: 'body.reason', message: 'required' }]);
  }
  const record = await changeCredentialStatus(deps, params.id, action, principal!, body.reason);
  return { status: 200, body: record };
});
