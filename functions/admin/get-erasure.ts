import * as ADMIN_ROUTES from '../../shared/api/admin-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { erasureRepository } from '../../shared/entities/erasure';
import { httpHandler } from '../../shared/http/http-handler';
import { getErasure } from '../../shared/use-cases/learner-erasure';
import { loadSettings } from '../../shared/wiring/bindings';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';

const config = loadSettings(ADMIN_FUNCTIONS.GetErasure);
const deps = { erasures: erasureRepository(dynamo(), config.TABLE_NAME) };

export const handler = httpHandler(ADMIN_ROUTES.getErasure, async ({ params }) => ({ status: 200, body: await getErasure(deps, params.id) }));
