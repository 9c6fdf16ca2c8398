import type { CfnStage, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * What an access log line holds: enough to answer "who called what, when, and how did it go"
 * (the request id ties a line to the function's own logs), nothing more. The route key, not the
 * path (a path names a credential or an issuance), no query string, no headers but the user agent,
 * no authorizer claims (a token's claims name a person): the IP address is the only personal
 * datum, kept for the retention the deployment sets (laurel:accessLogRetentionDays).
 */
export const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
} as const;

/** Throttling of a stage's routes, as API Gateway takes it. */
export interface Throttle {
  ThrottlingRateLimit: number;
  ThrottlingBurstLimit: number;
}

/**
 * The $default stage of an HTTP API: its access log and throttling, set on the stage's L1
 * properties (not overrides), so that what reads the construct tree (cdk-nag) sees them.
 */
export function configureStage(api: HttpApi, options: { retention: RetentionDays; throttle: Throttle; routeThrottles?: Record<string, Throttle> }): LogGroup {
  const stage = api.defaultStage?.node.defaultChild as CfnStage | undefined;
  if (!stage) throw new Error(`${api.node.path} has no $default stage to configure`);
  // Retained when the stack goes (evidence of who called), and expired by the retention all the same.
  const logs = new LogGroup(api, 'AccessLogs', { retention: options.retention });
  stage.accessLogSettings = { destinationArn: logs.logGroupArn, format: JSON.stringify(ACCESS_LOG_FORMAT) };
  stage.defaultRouteSettings = { throttlingRateLimit: options.throttle.ThrottlingRateLimit, throttlingBurstLimit: options.throttle.ThrottlingBurstLimit };
  // RouteSettings is a JSON property: CloudFormation's own key names, as given.
  if (options.routeThrottles) stage.routeSettings = options.routeThrottles;
  return logs;
}
