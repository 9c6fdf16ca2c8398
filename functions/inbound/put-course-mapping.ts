import * as INBOUND_ROUTES from '../../shared/api/inbound-routes';
import { repositories } from '../../shared/admin-deps';
import { dynamo } from '../../shared/aws/dynamo';
import { completionSourceRepository } from '../../shared/entities/completion-source';
import { courseMappingRepository } from '../../shared/entities/course-mapping';
import { httpHandler } from '../../shared/http/http-handler';
import { mapCourse } from '../../shared/use-cases/completion-sources';
import { loadSettings } from '../../shared/wiring/bindings';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';

const config = loadSettings(INBOUND_FUNCTIONS.PutCourseMapping);
const { achievements, audit, clock } = repositories(config.TABLE_NAME, config.AUDIT_WRITER_FUNCTION);
const deps = { sources: completionSourceRepository(dynamo(), config.TABLE_NAME), mappings: courseMappingRepository(dynamo(), config.TABLE_NAME), achievements, audit, clock };

/** PUT /completion-sources/{id}/courses/{courseId}: creates or replaces the course's mapping. */
export const handler = httpHandler(INBOUND_ROUTES.putCourseMapping, async ({ params, body, principal }) => ({
  status: 200,
  body: await mapCourse(deps, params.id, params.courseId, body, principal!),
}));
