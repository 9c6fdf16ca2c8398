import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { NotFoundError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';
import { resendCredentialEmail } from '../../shared/use-cases/credential-delivery';
import { workflowDeps } from '../../shared/workflow/deps';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const deps = workflowDeps(ADMIN_FUNCTIONS.ResendCredential);

/** Resend the learner's email, to a corrected address if given (after a bounce, say). */
export const handler = httpHandler(ADMIN_ROUTES.resendCredential, async ({ params, body, principal }) => {
  const credential = await deps.credentials.get(params.id);
  if (!credential) throw new NotFoundError(`No credential with id '${params.id}'.`);
  const { messageId } = await resendCredentialEmail(deps, credential.issuanceId, principal!, body.email);
  return { status: 202, body: { credentialId: credential.id, messageId } };
});
