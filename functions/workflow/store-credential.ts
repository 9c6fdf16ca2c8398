import { z } from 'zod';
import type { OpenBadgeCredential } from '../../shared/credentials/open-badge';
import { storeCredential } from '../../shared/use-cases/workflow';
import { workflowDeps } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = workflowDeps();
const input = z.object({ issuanceId: z.string(), credential: z.record(z.string(), z.unknown()), jwt: z.string().nullable().default(null) });
export const handler = stepHandler(input, ({ issuanceId, credential, jwt }) =>
  storeCredential(deps, issuanceId, credential as OpenBadgeCredential, jwt),
);
