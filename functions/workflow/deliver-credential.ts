import { z } from 'zod';
import { deliverCredential } from '../../shared/use-cases/workflow';
import { workflowDeps } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = workflowDeps();
export const handler = stepHandler(z.object({ issuanceId: z.string() }), ({ issuanceId }) => deliverCredential(deps, issuanceId));
