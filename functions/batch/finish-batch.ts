import { z } from 'zod';
import { beginIssuing, finishBatch } from '../../shared/use-cases/batch-workflow';
import { batchWorkflowDeps } from '../../shared/workflow/batch-deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = batchWorkflowDeps();
const caught = z.object({ Error: z.string().optional(), Cause: z.string().optional() });

/** The parent's bookkeeping: RUNNING before the map, the final status after it (or instead of it). */
export const handler = stepHandler(
  z.discriminatedUnion('action', [
    z.object({ action: z.literal('begin'), batchId: z.string() }),
    z.object({ action: z.literal('finish'), batchId: z.string(), end: z.enum(['COMPLETED', 'INVALID', 'REJECTED', 'EXPIRED', 'FAILED']), error: caught.optional() }),
  ]),
  async (input): Promise<object> => (input.action === 'begin' ? beginIssuing(deps, input.batchId) : finishBatch(deps, input.batchId, input.end, input.error)),
);
