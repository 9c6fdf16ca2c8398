import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { kms } from '../../shared/aws/kms';
import { kmsLearnerKeyer } from '../../shared/adapters/kms-learner-keyer';
import { systemClock } from '../../shared/clock';
import { achievementRepository } from '../../shared/entities/achievement';
import { credentialRepository } from '../../shared/entities/credential';
import { learnerRepository } from '../../shared/entities/learner';
import { pathwayRepository } from '../../shared/entities/pathway';
import { httpHandler } from '../../shared/http/http-handler';
import { progressOf } from '../../shared/use-cases/pathways';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetPathwayProgress);
const db = dynamo();
const learnerKeys = kmsLearnerKeyer(kms(), config.LEARNER_KEY_ARN);
const deps = {
  pathways: pathwayRepository(db, config.TABLE_NAME),
  achievements: achievementRepository(db, config.TABLE_NAME),
  credentials: credentialRepository(db, config.TABLE_NAME),
  learners: learnerRepository(db, config.TABLE_NAME, learnerKeys),
  learnerKeys,
  clock: systemClock,
};

export const handler = httpHandler(ADMIN_ROUTES.getPathwayProgress, async ({ params, body }) => ({
  status: 200,
  body: await progressOf(deps, params.id, { email: body.email }, body.version),
}));
