import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { systemClock } from '../../shared/clock';
import { achievementRepository } from '../../shared/entities/achievement';
import { pathwayRepository } from '../../shared/entities/pathway';
import { httpHandler } from '../../shared/http/http-handler';
import { definePathway } from '../../shared/use-cases/pathways';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.CreatePathway);
const deps = { pathways: pathwayRepository(dynamo(), config.TABLE_NAME), achievements: achievementRepository(dynamo(), config.TABLE_NAME), clock: systemClock };

export const handler = httpHandler(ADMIN_ROUTES.createPathway, async ({ body, principal }) => {
  const pathway = await definePathway(deps, body, principal!);
  return { status: 201, body: pathway, headers: { location: `/pathways/${pathway.id}` } };
});
