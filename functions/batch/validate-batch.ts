import { z } from 'zod';
import { validateBatchFile } from '../../shared/use-cases/batch-workflow';
import { batchWorkflowDeps } from '../../shared/workflow/batch-deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = batchWorkflowDeps();
/** The parent's first step: the uploaded file, checked row by row before anything is issued. */
export const handler = stepHandler(z.object({ batchId: z.string() }), ({ batchId }) => validateBatchFile(deps, batchId));
