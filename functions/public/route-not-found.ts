import { NotFoundError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

/**
 * The $default route of both APIs: a request no route matches gets a problem+json 404 naming
 * what was asked for, instead of API Gateway's bare {"message":"Not Found"}. Behind CloudFront,
 * the public API's answers a request that skipped it 403 first, as every public route does.
 */
export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.RouteNotFound) }, async ({ event }) => {
  throw new NotFoundError(`There is no ${event.requestContext?.http?.method ?? ''} ${event.rawPath} on this API.`.replace(/\s+/g, ' '));
});
