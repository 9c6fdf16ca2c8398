import { z } from 'zod';
import { requestBatchDecision } from '../../shared/use-cases/batch-workflow';
import { batchWorkflowDeps } from '../../shared/workflow/batch-deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = batchWorkflowDeps();
// Invoked by the parent's `.waitForTaskToken` states; the admin API answers with the token.
export const handler = stepHandler(
  z.object({ batchId: z.string(), kind: z.enum(['start', 'approval']), taskToken: z.string().min(1), role: z.string().optional() }),
  ({ batchId, kind, taskToken, role }) => requestBatchDecision(deps, batchId, kind, taskToken, role),
);
