import { z } from 'zod';
import { idPath } from '../../shared/api/schemas';
import { NotFoundError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';
import { resendCredentialEmail } from '../../shared/use-cases/workflow';
import { workflowDeps } from '../../shared/workflow/deps';

const deps = workflowDeps();
const body = z.strictObject({ email: z.email('must be an email address').max(254).optional() });

/** Resend the learner's email, to a corrected address if given (after a bounce, say). */
export const handler = httpHandler({ path: idPath, body, roles: ['registrar'] }, async ({ path, body, principal }) => {
  const credential = await deps.credentials.get(path.id);
  if (!credential) throw new NotFoundError(`No credential with id '${path.id}'.`);
  const { messageId } = await resendCredentialEmail(deps, credential.issuanceId, principal!, body.email);
  return { status: 202, body: { credentialId: credential.id, messageId } };
});
