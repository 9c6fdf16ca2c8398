import { z } from 'zod';
import { evidenceCheck } from '../../shared/use-cases/workflow';
import { workflowDeps } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = workflowDeps();
export const handler = stepHandler(z.object({ issuanceId: z.string() }), ({ issuanceId }) => evidenceCheck(deps, issuanceId));
