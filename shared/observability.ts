import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per function instance. Service name, log level and sampling come from the
 * POWERTOOLS_* variables the CDK construct sets, so handlers never configure logging.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'laurel' });
