import { NotFoundError } from '../../shared/errors';
import { httpHandler } from '../../shared/http/http-handler';

/**
 * The $default route of both APIs: a request no route matches gets a problem+json 404 naming
 * what was asked for, instead of API Gateway's bare {"message":"Not Found"}.
 */
export const handler = httpHandler({}, async ({ event }) => {
  throw new NotFoundError(`There is no ${event.requestContext?.http?.method ?? ''} ${event.rawPath} on this API.`.replace(/\s+/g, ' '));
});
