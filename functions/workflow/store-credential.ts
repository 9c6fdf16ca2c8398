import type { OpenBadgeCredential } from '../../shared/credentials/open-badge';
import { storeCredential } from '../../shared/use-cases/issuance-workflow';
import { ISSUANCE_STEP_INPUTS } from '../../shared/workflow/contract';
import { workflowDeps } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as WORKFLOW_FUNCTIONS from '../../shared/wiring/workflow';

const deps = workflowDeps(WORKFLOW_FUNCTIONS.StoreFn);
export const handler = stepHandler(ISSUANCE_STEP_INPUTS.store, ({ issuanceId, credential, jwt }) => storeCredential(deps, issuanceId, credential as OpenBadgeCredential, jwt));
