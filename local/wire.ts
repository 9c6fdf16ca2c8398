import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { createApiGateway, type LocalRoute } from './api-gateway';
import { startSqsEventSource, type SqsEventSource } from './event-source-mapping';
import type { LocalRule } from './eventbridge-server';
import type { LocalSchedule } from './scheduler';
import type { ApiCors } from './http-api-cors';
import { bundleFunctions } from './function-bundles';
import { LambdaRuntime, type LocalFunction } from './lambda-runtime';
import { createLambdaServer } from './lambda-server';
import type { NameTable } from './provision';
import type { LocalTemplate } from './read-template';
import { createStepFunctionsServer, type ObjectReader } from './sfn-server';
import { LOCAL_CREDENTIALS, type StandIns } from './stand-ins';
import type { Teardown } from './teardown';
import { LOCAL_REGION, resolve, type Resource } from './template';

/**
 * The local cloud's last step: run the template's functions with their environment pointed at the
 * stand-ins, and connect them as the template does — HTTP API routes, EventBridge rules, the
 * state machines' tasks and SQS event source mappings.
 */

export interface WireOptions {
  projectRoot: string;
  stateDir: string;
  verbose?: boolean;
  retryScale?: number;
}

/** A poller per SQS event source mapping, and the queue (ARN) it polls. */
export interface QueuePoller {
  queueArn: string;
  poller: SqsEventSource;
}

export interface Wired {
  runtime: LambdaRuntime;
  sfn: ReturnType<typeof createStepFunctionsServer>;
  pollers: QueuePoller[];
}

export async function wire(t: LocalTemplate, s: StandIns, names: NameTable, apiPorts: Map<string, number>, options: WireOptions, teardown: Teardown): Promise<Wired> {
  const runtime = await startRuntime(t, s, names, options, teardown);
  // Lambda's Invoke API, for functions that invoke another (the audit trail's writer).
  await teardown.listen(createLambdaServer(runtime), s.ports.lambda, s.host);
  runtime.clockOffsetMs = () => s.clock.offsetMs;
  s.routeEvents(eventRules(t, names), (id, event) => runtime.invoke(id, event), schedules(t, names));
  hookUserPoolTriggers(t, s, runtime);
  const sfn = await startStepFunctions(t, s, names, runtime, options, teardown);
  for (const [apiId, api] of t.ofType('AWS::ApiGatewayV2::Api')) {
    const routes = routesOf(t, s, names, apiId);
    const cors: ApiCors | undefined = api.Properties?.CorsConfiguration ? resolve(api.Properties.CorsConfiguration, names) : undefined;
    const server = createApiGateway({ apiId: names.required(apiId), routes, runtime, jwks: { keys: [s.identity.publicJwk] }, cors });
    await teardown.listen(server, apiPorts.get(apiId)!, s.host);
  }
  const pollers = startQueuePollers(t, s, names, runtime, teardown);
  return { runtime, sfn, pollers };
}

/** The user pool's pre-token-generation trigger, which the identity provider calls at each token (local/federation.ts). */
function hookUserPoolTriggers(t: LocalTemplate, s: StandIns, runtime: LambdaRuntime) {
  for (const [, pool] of t.ofType('AWS::Cognito::UserPool')) {
    const target = pool.Properties?.LambdaConfig?.PreTokenGeneration;
    const fnId = target?.['Fn::GetAtt']?.[0];
    if (typeof fnId === 'string') s.identityHooks.preTokenGeneration = (event) => runtime.invoke(fnId, event);
  }
}

async function startRuntime(t: LocalTemplate, s: StandIns, names: NameTable, options: WireOptions, teardown: Teardown) {
  const aws = {
    ...awsEnvironment(s),
    // What scales the state machines' retries scales the webhook deliverer's waits (never set in AWS).
    ...(options.retryScale !== undefined ? { LOCAL_RETRY_SCALE: String(options.retryScale) } : {}),
  };
  // Inside the state directory, under the project: a bundle's bare `require.resolve` finds node_modules.
  const bundles = await bundleFunctions(t.functions, options.projectRoot, path.join(options.stateDir, 'bundles'));
  const functions = new Map<string, LocalFunction>();
  for (const { id, entry, resource } of t.functions) {
    const environment = functionEnvironment(id, resource, names, aws);
    functions.set(id, { logicalId: id, entry: bundles.get(entry)!, environment, timeoutSeconds: resource.Properties?.Timeout ?? 3, memorySize: memorySize(resource) });
  }
  const log = createWriteStream(path.join(options.stateDir, 'logs', 'functions.log'), { flags: 'a' });
  const runtime = new LambdaRuntime(functions, options.projectRoot, options.verbose ? process.stdout : log);
  // Registered first, so run last: the log ends once no function can write to it.
  teardown.onStop(() => new Promise<void>((r) => log.end(r)));
  teardown.onStop(() => runtime.stop());
  return runtime;
}

const memorySize = (fn: Resource): number => fn.Properties?.MemorySize ?? 128;

/** What every function gets: the stand-ins' endpoints (advertised ones: through any fault proxy). */
function awsEnvironment(s: StandIns): Record<string, string> {
  const { ports, url } = s;
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: url(ports.dynamodb),
    AWS_ENDPOINT_URL_S3: url(ports.s3),
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_ENDPOINT_URL_KMS: url(ports.kms),
    AWS_ENDPOINT_URL_SESV2: url(ports.mailbox),
    AWS_ENDPOINT_URL_SFN: url(ports.sfn),
    AWS_ENDPOINT_URL_EVENTBRIDGE: url(ports.events),
    AWS_ENDPOINT_URL_SQS: url(ports.sqs),
    AWS_ENDPOINT_URL_LAMBDA: url(ports.lambda),
    PATH: process.env.PATH ?? '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Outbound requests to other issuers go to the internet stand-in (never set in AWS).
    LOCAL_INTERNET_URL: url(ports.internet),
  };
}

/** The template's environment, the stand-ins', and what the Lambda runtime sets (Powertools reads some). */
function functionEnvironment(id: string, fn: Resource, names: NameTable, aws: Record<string, string>): Record<string, string> {
  return {
    ...resolve(fn.Properties?.Environment?.Variables ?? {}, names),
    ...aws,
    AWS_LAMBDA_FUNCTION_NAME: id,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize(fn)),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${id}`,
  };
}

/** The last segment of an ARN: a function's logical id, locally. */
const lastSegment = (arn: unknown) => String(arn).split(':').pop()!;

function eventRules(t: LocalTemplate, names: NameTable): LocalRule[] {
  return t.ofType('AWS::Events::Rule').map(([, rule]) => {
    const p = rule.Properties!;
    return {
      eventBusName: p.EventBusName ? String(resolve(p.EventBusName, names)) : 'default',
      pattern: p.EventPattern,
      targets: (p.Targets ?? []).map((target: { Arn: unknown }) => lastSegment(resolve(target.Arn, names))),
      deadLetterQueues: Object.fromEntries(
        (p.Targets ?? [])
          .filter((target: { DeadLetterConfig?: { Arn?: unknown } }) => target.DeadLetterConfig?.Arn)
          .map((target: { Arn: unknown; DeadLetterConfig: { Arn: unknown } }) => [lastSegment(resolve(target.Arn, names)), String(resolve(target.DeadLetterConfig.Arn, names))]),
      ),
    };
  });
}

/** The template's EventBridge Scheduler schedules that invoke a function (the clock fires them: local/scheduler.ts). */
function schedules(t: LocalTemplate, names: NameTable): LocalSchedule[] {
  return t.ofType('AWS::Scheduler::Schedule').map(([id, schedule]) => {
    const p = schedule.Properties!;
    return {
      name: id,
      expression: String(p.ScheduleExpression),
      functionId: lastSegment(resolve(p.Target.Arn, names)),
      input: p.Target.Input ? JSON.parse(String(resolve(p.Target.Input, names))) : {},
      enabled: p.State !== 'DISABLED',
    };
  });
}

/** Our state machines' definitions, intrinsics resolved, behind the Step Functions API. */
async function startStepFunctions(t: LocalTemplate, s: StandIns, names: NameTable, runtime: LambdaRuntime, options: WireOptions, teardown: Teardown) {
  const definitions = new Map<string, unknown>();
  for (const id of Object.values(t.stateMachines)) {
    definitions.set(names.required(id), JSON.parse(resolve(t.template.Resources[id]!.Properties!.DefinitionString, names)));
  }
  // The Distributed Map's ItemReader reads the S3 stand-in past any fault proxy, as Step Functions' own reads are.
  const readObject: ObjectReader = async (bucket, key, range) => {
    const out = await s.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}) }));
    return Buffer.from(await out.Body!.transformToByteArray());
  };
  const sfn = createStepFunctionsServer({ runtime, definitions, readObject, ...(options.retryScale !== undefined ? { retryScale: options.retryScale } : {}) });
  await teardown.listen(sfn.server, s.ports.sfn, s.host);
  teardown.onStop(() => sfn.stop());
  return sfn;
}

/** An API's routes, each to the function its integration names, with the JWT check its authorizer asks for. */
function routesOf(t: LocalTemplate, s: StandIns, names: NameTable, apiId: string): LocalRoute[] {
  const integrations = new Map(t.ofType('AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, r.Properties!]));
  const authorizers = new Map(t.ofType('AWS::ApiGatewayV2::Authorizer').map(([id, r]) => [id, r.Properties!]));
  const routes: LocalRoute[] = [];
  for (const [, route] of t.ofType('AWS::ApiGatewayV2::Route')) {
    const p = route.Properties!;
    if (p.ApiId?.Ref !== apiId) continue;
    // $default (API Gateway's catch-all) answers whatever no other route matches.
    const [method, routePath] = p.RouteKey === '$default' ? ['ANY', '$default'] : (String(p.RouteKey).split(' ') as [string, string]);
    const integrationId = String(resolve(p.Target, { ref: (id) => id, getAtt: () => undefined })).replace(/^integrations\//, '');
    const integration = integrations.get(integrationId);
    if (!integration) throw new Error(`route ${p.RouteKey} has no integration`);
    const authorizer = p.AuthorizationType === 'JWT' ? authorizers.get(p.AuthorizerId?.Ref) : undefined;
    routes.push({
      method,
      path: routePath,
      functionId: lastSegment(resolve(integration.IntegrationUri, names)),
      // The user pool is replaced by the local identity provider; the audience is the template's.
      ...(authorizer ? { jwt: { issuer: s.identity.issuer, audience: resolve(authorizer.JwtConfiguration.Audience, names) } } : {}),
    });
  }
  return routes;
}

/** A poller per SQS event source mapping whose source is one of the template's queues. */
function startQueuePollers(t: LocalTemplate, s: StandIns, names: NameTable, runtime: LambdaRuntime, teardown: Teardown): QueuePoller[] {
  const queueArns = new Set(t.ofType('AWS::SQS::Queue').map(([id]) => names.required(id, 'Arn')));
  const pollers: QueuePoller[] = [];
  for (const [id, mapping] of t.ofType('AWS::Lambda::EventSourceMapping')) {
    const p = mapping.Properties!;
    let queueArn: string;
    try {
      queueArn = String(resolve(p.EventSourceArn, names));
    } catch {
      continue; // a stream or another source the local cloud has no stand-in for
    }
    if (!queueArns.has(queueArn) || p.Enabled === false) continue;
    // Filtering would silently change which records reach the function; better refused than wrong.
    if (p.FilterCriteria) throw new Error(`event source mapping ${id}: FilterCriteria is not supported by the local cloud`);
    const functionId = lastSegment(resolve(p.FunctionName, names));
    if (!runtime.has(functionId)) throw new Error(`event source mapping ${id}: ${functionId} is not one of the local functions`);
    const poller = startSqsEventSource(s.sqs, {
      queue: queueArn,
      functionId,
      invoke: (fid, event) => runtime.invoke(fid, event),
      batchSize: p.BatchSize ?? 10,
      maximumBatchingWindowSeconds: p.MaximumBatchingWindowInSeconds ?? 0,
      maximumConcurrency: p.ScalingConfig?.MaximumConcurrency ?? 5,
      reportBatchItemFailures: (p.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
    });
    // Started after the runtime, so stopped before it: in-flight batches finish first.
    teardown.onStop(() => poller.stop());
    pollers.push({ queueArn, poller });
  }
  return pollers;
}
