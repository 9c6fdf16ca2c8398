import { z } from 'zod';
import { requestApproval } from '../../shared/use-cases/workflow';
import { workflowDeps } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = workflowDeps();
// Invoked by the `.waitForTaskToken` Approval state; the task ends when the admin API answers.
export const handler = stepHandler(z.object({ issuanceId: z.string(), taskToken: z.string().min(1) }), ({ issuanceId, taskToken }) =>
  requestApproval(deps, issuanceId, taskToken),
);
