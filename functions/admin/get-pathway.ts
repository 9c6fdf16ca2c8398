import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { pathwayRepository } from '../../shared/entities/pathway';
import { httpHandler } from '../../shared/http/http-handler';
import { getPathway } from '../../shared/use-cases/pathways';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetPathway);
const deps = { pathways: pathwayRepository(dynamo(), config.TABLE_NAME) };

export const handler = httpHandler(ADMIN_ROUTES.getPathway, async ({ params, query }) => ({ status: 200, body: await getPathway(deps, params.id, query.version) }));
