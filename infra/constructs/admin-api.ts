import { CfnOutput, Duration, NestedStack, Stack } from 'aws-cdk-lib';
import { CanvasLiveEvents } from './canvas-live-events';
import { CompletionEvents } from './completion-events';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { CorsHttpMethod, HttpApi, HttpAuthorizer, HttpAuthorizerType, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { ADMIN_ROUTES, type RouteDef } from '../../shared/api/routes';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';
import { capabilityProviders, settingValues, wiredFunction, type Providers } from '../wiring';
import type { DataStore } from './data-store';
import type { ArchiveStore } from './archive-store';
import type { AuditLog } from './audit-log';
import type { DomainEvents } from './domain-events';
import type { IssuanceWorkflow } from './issuance-workflow';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { configureStage, type Throttle } from './api-access-log';
import { addNotFoundRoute } from './public-api';
import type { ArtifactStore } from './artifact-store';
import type { BatchIssuance } from './batch-issuance';
import type { Mail } from './mail';
import type { LearnerIndexKey } from './learner-index-key';
import type { SigningKeys } from './signing-keys';
import type { StaffIdentity } from './staff-identity';
import type { IntegrationSecretsKey } from './integration-secrets-key';
import { WebhookDeliveries } from './webhook-deliveries';

export interface AdminApiProps {
  data: DataStore;
  identity: StaffIdentity;
  workflow: IssuanceWorkflow;
  batches: BatchIssuance;
  keys: SigningKeys;
  /** The learner-index key, for the functions that key a learner (holdings, the learner index). */
  learnerKey: LearnerIndexKey;
  /** Derives the secrets shared with connected systems: completion sources, webhook subscriptions. */
  integrationKey: IntegrationSecretsKey;
  mail: Mail;
  events: DomainEvents;
  /** The audit trail's writer, which functions that record what they did invoke. */
  auditLog: AuditLog;
  /** The Object Lock archive: status lists and key states, as they change. */
  archive: ArchiveStore;
  artifacts: ArtifactStore;
  /** Settings the functions may declare: ISSUER_ID, INSTITUTION_NAME, INSTITUTION_URL, PUBLIC_BASE_URL. */
  settings: Record<string, string | undefined>;
  corsOrigins: string[];
  /** App clients of the user pool besides the CLI's (the staff console's), whose tokens the API accepts. */
  browserClients?: string[];
  /** How long the access log (callers' IP addresses) is kept. */
  accessLogRetention: RetentionDays;
  /** The stage's throttling over all routes: staff and systems, not the public. */
  throttle: Throttle;
}

/**
 * The staff and integration API; every route sits behind the Cognito JWT authorizer. Each
 * function's environment and grants come from its declaration (shared/wiring/admin.ts).
 *
 * The API, its stage and authorizer live here; each area's functions, with their routes and
 * integrations, live in a nested stack of their own (seven resources a route: the function, its
 * role, policy and log group, the route, the integration and the permission), so that the staff
 * API can grow by areas without any template nearing CloudFormation's 500 resources. API Gateway
 * deploys the $default stage itself whenever a route changes, whichever stack changed it.
 */
export class AdminApi extends Construct {
  readonly api: HttpApi;
  /** The nested stack of achievements and pathways, where the pathways' award function lives too (infra/constructs/pathway-awards.ts). */
  readonly definitions: NestedStack;
  /**
   * The nested stack of connected systems (issue #21): completion sources and their mappings,
   * the inbound receivers (signed webhook, Moodle, Canvas) and the webhook subscriptions'
   * deliveries live here, routes and all.
   */
  readonly integrations: NestedStack;
  /** Completions in from Canvas through SQS (issue #21), in the Integrations stack. */
  readonly canvas: CanvasLiveEvents;
  /** Completions in from systems inside AWS: CompletionRecorded on Laurel's bus (issue #21), in the Integrations stack. */
  readonly completionEvents: CompletionEvents;
  /** Events out (issue #21): the fan-out, the delivery queue and the deliverer, in the Integrations stack. */
  readonly webhooks: WebhookDeliveries;

  constructor(scope: Construct, id: string, props: AdminApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Laurel admin API',
      ...(props.corsOrigins.length
        ? { corsPreflight: { allowOrigins: props.corsOrigins, allowMethods: [CorsHttpMethod.ANY], allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'], exposeHeaders: ['etag', 'location'], maxAge: Duration.hours(1) } }
        : {}),
    });
    configureStage(this.api, { retention: props.accessLogRetention, throttle: props.throttle });
    const authorizer = staffAuthorizer(this.api, props.identity, props.browserClients ?? []);
    const providers: Providers = {
      ...capabilityProviders(props),
      issuanceWorkflow: props.workflow,
      batchWorkflow: props.batches,
      integrationKey: props.integrationKey,
      setting: settingValues({ ...props.settings, TOKEN_URL: props.identity.tokenUrl }),
    };
    let area: NestedStack = this.area('Achievements', 'achievements, pathways and their images');
    this.definitions = area;
    /**
     * One function behind one or more registered routes (shared/api/routes.ts: method, path,
     * roles, schemas), wired as shared/wiring/admin.ts declares it under the same name, in the
     * current area's nested stack.
     */
    const FUNCTIONS = { ...ADMIN_FUNCTIONS, ...INBOUND_FUNCTIONS };
    const route = (defs: RouteDef | RouteDef[], id: keyof typeof FUNCTIONS) => {
      const fn = wiredFunction(area, id, FUNCTIONS[id], providers);
      const integration = new HttpLambdaIntegration(`${id}Integration`, fn);
      for (const def of [defs].flat()) {
        new HttpRoute(area, `${def.method}${def.path.replace(/[^A-Za-z0-9]/g, '')}`, {
          httpApi: this.api,
          routeKey: HttpRouteKey.with(def.path, HttpMethod[def.method]),
          integration,
          // A route without roles (the OpenAPI document) needs no token.
          authorizer: def.roles ? authorizer : new HttpNoneAuthorizer(),
        });
      }
    };
    const R = ADMIN_ROUTES;

    // Achievements
    route(R.createAchievement, 'CreateAchievement');
    route(R.listAchievements, 'ListAchievements');
    route(R.getAchievement, 'GetAchievement');
    route(R.previewAchievement, 'PreviewAchievement');
    route(R.listAchievementVersions, 'ListAchievementVersions');
    route(R.compareAchievementVersions, 'CompareAchievementVersions');
    route(R.updateAchievement, 'UpdateAchievement');
    route([R.archiveAchievement, R.restoreAchievement], 'SetAchievementLifecycle');
    route(R.uploadAchievementImage, 'UploadAchievementImage');

    // Pathways: rules that award an achievement by themselves, in the achievements' area (the
    // main stack has no room for another nested stack; this one has for these and PathwayAwards).
    route(R.createPathway, 'CreatePathway');
    route(R.listPathways, 'ListPathways');
    route(R.getPathway, 'GetPathway');
    route(R.updatePathway, 'UpdatePathway');
    route(R.getPathwayProgress, 'GetPathwayProgress');
    route(R.listPathwayAwards, 'ListPathwayAwards');

    // Issuers and their keys
    area = this.area('Issuers', 'issuers and their signing keys');
    route(R.createIssuer, 'CreateIssuer');
    route(R.rotateIssuerKey, 'RotateIssuerKey');
    route(R.listIssuers, 'ListIssuers');
    route(R.getIssuer, 'GetIssuer');
    route(R.updateIssuer, 'UpdateIssuer');
    route(R.compromiseIssuerKey, 'CompromiseIssuerKey');
    route(R.listIssuerKeys, 'ListIssuerKeys');
    route(R.listKeyCredentials, 'ListKeyCredentials');

    // Issuances and approvals
    area = this.area('Issuances', 'issuances, approvals and evidence uploads');
    route(R.createIssuance, 'CreateIssuance');
    route(R.renewCredential, 'RenewCredential');
    route(R.retryIssuance, 'RetryIssuance');
    route(R.requestException, 'RequestException');
    route(R.cancelIssuance, 'CancelIssuance');
    route(R.listIssuances, 'ListIssuances');
    route(R.getIssuance, 'GetIssuance');
    route(R.listPendingApprovals, 'ListPendingApprovals');
    route(R.approveIssuance, 'ApproveIssuance');
    route(R.rejectIssuance, 'RejectIssuance');
    route(R.createEvidenceUpload, 'CreateEvidenceUpload');

    // Cohort batches: the parent execution is started, answered and stopped from here.
    area = this.area('Batches', 'cohort batches');
    route(R.createBatch, 'CreateBatch');
    route(R.submitBatch, 'SubmitBatch');
    route(R.listBatches, 'ListBatches');
    route(R.getBatch, 'GetBatch');
    route(R.getBatchReport, 'GetBatchReport');
    route(R.startBatch, 'StartBatch');
    route([R.approveBatch, R.rejectBatch], 'DecideBatch');
    route(R.cancelBatch, 'CancelBatch');
    route(R.retryBatch, 'RetryBatch');
    route(R.getBatchTemplate, 'GetBatchTemplate');

    // Audit
    area = this.area('Records', 'audit trails, credential records, reports and the API description');
    route(R.getIssuanceAudit, 'GetIssuanceAudit');
    route(R.getCredentialAudit, 'GetCredentialAudit');
    route(R.getEvidencePack, 'GetEvidencePack');

    // Credentials
    route(R.getCredential, 'GetCredentialRecord');
    route(R.listCredentials, 'ListCredentials');
    route(R.searchCredentials, 'SearchCredentials');
    route(R.changeDeliveryAddress, 'ChangeDeliveryAddress');
    // Revoke, suspend, reinstate: one function, since all three re-sign a status list.
    route([R.revokeCredential, R.suspendCredential, R.reinstateCredential], 'ChangeCredentialStatus');
    route(R.changeCredentialStatuses, 'ChangeCredentialStatuses');
    route(R.resendCredential, 'ResendCredential');
    route(R.correctCredential, 'CorrectCredential');
    // A learner's transcript (CLR 2.0): their credentials, embedded as signed, signed as one.
    route(R.createTranscript, 'CreateTranscript');

    // Learners: erasure
    route([R.eraseLearner, R.continueErasure], 'EraseLearner');
    route(R.getErasure, 'GetErasure');

    // Reports, and the API describing itself
    route(R.getReport, 'GetReport');
    route(R.getOpenApi, 'GetOpenApi');

    // Connected systems (issue #21): completions in from the SIS and LMS, events out to the SIS and CRM.
    area = this.area('Integrations', 'connected systems: completions in, events out');
    this.integrations = area;
    // Events out: made here, not in laurel-stack.ts like PathwayAwards, because the replay route
    // below puts deliveries on its queue (a provider must exist before the routes it wires).
    this.webhooks = new WebhookDeliveries(area, 'Webhooks', {
      providers: { table: props.data, learnerKey: props.learnerKey, integrationKey: props.integrationKey },
      bus: props.events.bus,
    });
    providers.webhookQueue = this.webhooks;
    route(R.createWebhookSubscription, 'CreateWebhookSubscription');
    route(R.listWebhookSubscriptions, 'ListWebhookSubscriptions');
    route(R.getWebhookSubscription, 'GetWebhookSubscription');
    route(R.updateWebhookSubscription, 'UpdateWebhookSubscription');
    route(R.rotateWebhookSecret, 'RotateWebhookSecret');
    route(R.listWebhookDeliveries, 'ListWebhookDeliveries');
    route(R.replayWebhookDelivery, 'ReplayWebhookDelivery');
    // Completions in: the receivers (no staff token: each authenticates its source), then sources, mappings and activity.
    route(R.receiveCompletion, 'ReceiveCompletion');
    route(R.receiveMoodleCompletion, 'ReceiveMoodleCompletion');
    route(R.receiveCanvasEvent, 'ReceiveCanvasEvent');
    route(R.createCompletionSource, 'CreateCompletionSource');
    route(R.listCompletionSources, 'ListCompletionSources');
    route(R.updateCompletionSource, 'UpdateCompletionSource');
    route(R.rotateCompletionSourceSecret, 'RotateCompletionSourceSecret');
    route(R.putCourseMapping, 'PutCourseMapping');
    route(R.listCourseMappings, 'ListCourseMappings');
    route(R.deleteCourseMapping, 'DeleteCourseMapping');
    route(R.listCompletions, 'ListCompletions');
    route(R.replayCompletion, 'ReplayCompletion');
    // Canvas Live Events through SQS: the queue Canvas Data Services sends to, and its consumer.
    this.canvas = new CanvasLiveEvents(area, 'CanvasLiveEvents', { providers, deploymentName: Stack.of(this).stackName });
    // CompletionRecorded on Laurel's bus, from systems inside AWS: a rule and its consumer.
    this.completionEvents = new CompletionEvents(area, 'CompletionEvents', { providers, bus: props.events.bus });
    // The receivers are rate limited on their own (Moodle's more tightly: a token, no time window);
    // the stage names their routes, so it waits for the stack that makes them.
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.routeSettings = {
      [`POST ${R.receiveCompletion.path}`]: INBOUND_THROTTLE.webhook,
      [`POST ${R.receiveMoodleCompletion.path}`]: INBOUND_THROTTLE.moodle,
      [`POST ${R.receiveCanvasEvent.path}`]: INBOUND_THROTTLE.webhook,
    };
    stage.node.addDependency(area.nestedStackResource!);

    addNotFoundRoute(this, this.api);
    new CfnOutput(this, 'Url', { key: 'AdminApiUrl', value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { key: 'UserPoolId', value: props.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { key: 'UserPoolClientId', value: props.identity.client.userPoolClientId });
    new CfnOutput(this, 'MachineClientId', { key: 'MachineClientId', value: props.identity.machineClient.userPoolClientId, description: 'its secret: aws cognito-idp describe-user-pool-client' });
    new CfnOutput(this, 'TokenUrl', { key: 'TokenUrl', value: props.identity.tokenUrl });
    new CfnOutput(this, 'CanvasQueueUrl', { key: 'CanvasLiveEventsQueueUrl', value: this.canvas.queue.queueUrl, description: 'paste into Canvas Data Services as the SQS stream' });
    new CfnOutput(this, 'EventBusArn', { key: 'EventBusArn', value: props.events.bus.eventBusArn, description: 'Laurel’s bus: a system inside AWS with events:PutEvents on it puts CompletionRecorded here' });
  }

  /** A nested stack for one area of the staff API: its functions, routes and integrations. */
  private area(id: string, what: string): NestedStack {
    return new NestedStack(this, id, { description: `Laurel admin API: ${what}` });
  }
}

/** Requests per second (and burst) each receiver takes, below the stage's own: a source floods its route, not the staff API. */
export const INBOUND_THROTTLE = {
  webhook: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
  moodle: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
} as const;

/**
 * The Cognito JWT authorizer, made here beside the API rather than by the first route that binds
 * it (which would put it in whichever nested stack comes first). ID tokens carry the client in
 * `aud`, client-credentials access tokens in `client_id`; the authorizer accepts either.
 */
function staffAuthorizer(api: HttpApi, identity: StaffIdentity, browserClients: string[]): IHttpRouteAuthorizer {
  const jwt = new HttpAuthorizer(api, 'StaffJwt', {
    httpApi: api,
    type: HttpAuthorizerType.JWT,
    identitySource: ['$request.header.Authorization'],
    jwtIssuer: identity.issuerUrl,
    jwtAudience: [identity.client.userPoolClientId, identity.machineClient.userPoolClientId, ...browserClients],
  });
  return HttpAuthorizer.fromHttpAuthorizerAttributes(api, 'StaffJwtRoutes', { authorizerId: jwt.authorizerId, authorizerType: HttpAuthorizerType.JWT });
}
