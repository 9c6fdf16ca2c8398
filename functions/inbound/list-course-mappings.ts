import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { dynamo } from '../../shared/aws/dynamo';
import { completionSourceRepository } from '../../shared/entities/completion-source';
import { courseMappingRepository } from '../../shared/entities/course-mapping';
import { httpHandler } from '../../shared/http/http-handler';
import { listMappings } from '../../shared/use-cases/completion-sources';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.ListCourseMappings);
const deps = { sources: completionSourceRepository(dynamo(), config.TABLE_NAME), mappings: courseMappingRepository(dynamo(), config.TABLE_NAME) };

/** GET /completion-sources/{id}/courses. */
export const handler = httpHandler(INBOUND_ROUTES.listCourseMappings, async ({ params }) => ({ status: 200, body: { items: await listMappings(deps, params.id) } }));
