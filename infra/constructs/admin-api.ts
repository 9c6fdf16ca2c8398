import { CfnOutput } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { ADMIN_ROUTES, type RouteDef } from '../../shared/api/routes';
import type { DataStore } from './data-store';
import type { DomainEvents } from './domain-events';
import type { IssuanceWorkflow } from './issuance-workflow';
import { LaurelFunction } from './laurel-function';
import { addNotFoundRoute } from './public-api';
import type { ArtifactStore } from './artifact-store';
import type { BatchIssuance } from './batch-issuance';
import type { Mail } from './mail';
import type { SigningKeys } from './signing-keys';
import type { StaffIdentity } from './staff-identity';

export interface AdminApiProps {
  data: DataStore;
  identity: StaffIdentity;
  workflow: IssuanceWorkflow;
  batches: BatchIssuance;
  keys: SigningKeys;
  mail: Mail;
  events: DomainEvents;
  artifacts: ArtifactStore;
  /** ISSUER_ID, INSTITUTION_NAME, INSTITUTION_URL, PUBLIC_BASE_URL */
  issuerEnvironment: Record<string, string>;
  corsOrigins: string[];
}

/** The staff and integration API; every route sits behind the Cognito JWT authorizer. */
export class AdminApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: AdminApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer('StaffJwt', props.identity.issuerUrl, {
      // ID tokens carry the client in `aud`, client-credentials access tokens in `client_id`; the authorizer accepts either.
      jwtAudience: [props.identity.client.userPoolClientId, props.identity.machineClient.userPoolClientId],
    });
    this.api = new HttpApi(this, 'Api', {
      description: 'Laurel admin API',
      defaultAuthorizer: authorizer,
      ...(props.corsOrigins.length
        ? { corsPreflight: { allowOrigins: props.corsOrigins, allowMethods: [CorsHttpMethod.ANY], allowHeaders: ['authorization', 'content-type', 'idempotency-key'] } }
        : {}),
    });
    const table = props.data.environment();
    /** One function behind one or more registered routes (shared/api/routes.ts: method, path, roles, schemas). */
    const route = (defs: RouteDef | RouteDef[], id: string, entry: string, env: Record<string, string> = {}) => {
      const fn = new LaurelFunction(this, id, { entry, environment: { ...table, ...env } });
      const integration = new HttpLambdaIntegration(`${id}Integration`, fn);
      for (const def of [defs].flat()) {
        this.api.addRoutes({
          path: def.path,
          methods: [HttpMethod[def.method]],
          integration,
          // A route without roles (the OpenAPI document) needs no token.
          ...(def.roles ? {} : { authorizer: new HttpNoneAuthorizer() }),
        });
      }
      return fn;
    };
    const R = ADMIN_ROUTES;
    const read = (fn: LaurelFunction) => props.data.grantRead(fn);
    const readWrite = (fn: LaurelFunction) => props.data.grantReadWrite(fn);
    const issuerEnv = props.issuerEnvironment;
    const keysEnv = { ...issuerEnv, ...props.keys.environment() };

    // Achievements
    readWrite(route(R.createAchievement, 'CreateAchievement', 'functions/admin/create-achievement.ts', issuerEnv));
    read(route(R.listAchievements, 'ListAchievements', 'functions/admin/list-achievements.ts', issuerEnv));
    read(route(R.getAchievement, 'GetAchievement', 'functions/admin/get-achievement.ts'));
    const updateAchievement = route(R.updateAchievement, 'UpdateAchievement', 'functions/admin/update-achievement.ts', { ...props.artifacts.environment(), PUBLIC_BASE_URL: issuerEnv.PUBLIC_BASE_URL! });
    readWrite(updateAchievement);
    props.artifacts.grantReadImages(updateAchievement); // an uploaded image must have arrived
    readWrite(route([R.archiveAchievement, R.restoreAchievement], 'SetAchievementLifecycle', 'functions/admin/set-achievement-lifecycle.ts'));
    const image = route(R.uploadAchievementImage, 'UploadAchievementImage', 'functions/admin/upload-achievement-image.ts', { ...props.artifacts.environment(), PUBLIC_BASE_URL: issuerEnv.PUBLIC_BASE_URL! });
    read(image);
    props.artifacts.grantImageUpload(image);

    // Issuers and their keys
    for (const fn of [
      route(R.createIssuer, 'CreateIssuer', 'functions/admin/create-issuer.ts', keysEnv),
      route(R.rotateIssuerKey, 'RotateIssuerKey', 'functions/admin/rotate-issuer-key.ts', keysEnv),
    ]) {
      readWrite(fn);
      props.keys.grantCreate(fn);
    }
    read(route(R.listIssuers, 'ListIssuers', 'functions/admin/list-issuers.ts', issuerEnv));
    read(route(R.getIssuer, 'GetIssuer', 'functions/admin/get-issuer.ts', issuerEnv));
    readWrite(route(R.updateIssuer, 'UpdateIssuer', 'functions/admin/update-issuer.ts', issuerEnv));
    const compromiseKey = route(R.compromiseIssuerKey, 'CompromiseIssuerKey', 'functions/admin/compromise-issuer-key.ts', keysEnv);
    readWrite(compromiseKey);
    props.keys.grantCreate(compromiseKey); // a compromised current key is rotated out first
    const listKeys = route(R.listIssuerKeys, 'ListIssuerKeys', 'functions/admin/list-issuer-keys.ts', keysEnv);
    readWrite(listKeys); // registers the default issuer's first key if needed
    props.keys.grantReadPublic(listKeys);
    read(route(R.listKeyCredentials, 'ListKeyCredentials', 'functions/admin/list-key-credentials.ts', keysEnv));

    // Issuances and approvals
    for (const [def, id, entry] of [
      [R.createIssuance, 'CreateIssuance', 'functions/admin/create-issuance.ts'],
      [R.retryIssuance, 'RetryIssuance', 'functions/admin/retry-issuance.ts'],
      [R.requestException, 'RequestException', 'functions/admin/request-exception.ts'],
    ] as const) {
      const fn = route(def, id, entry, props.workflow.environment());
      readWrite(fn);
      props.workflow.grantStart(fn);
    }
    const cancel = route(R.cancelIssuance, 'CancelIssuance', 'functions/admin/cancel-issuance.ts', props.events.environment());
    readWrite(cancel);
    props.workflow.grantStop(cancel);
    props.events.grantPut(cancel); // IssuanceCancelled, for the SIS and anyone else listening
    read(route(R.listIssuances, 'ListIssuances', 'functions/admin/list-issuances.ts'));
    read(route(R.getIssuance, 'GetIssuance', 'functions/admin/get-issuance.ts'));
    read(route(R.listPendingApprovals, 'ListPendingApprovals', 'functions/admin/list-pending-approvals.ts'));
    for (const [def, id, entry] of [
      [R.approveIssuance, 'ApproveIssuance', 'functions/admin/approve-issuance.ts'],
      [R.rejectIssuance, 'RejectIssuance', 'functions/admin/reject-issuance.ts'],
    ] as const) {
      const fn = route(def, id, entry);
      readWrite(fn);
      props.workflow.grantTaskResponse(fn);
    }
    const uploads = route(R.createEvidenceUpload, 'CreateEvidenceUpload', 'functions/admin/create-evidence-upload.ts', props.artifacts.environment());
    readWrite(uploads);
    props.artifacts.grantEvidenceUpload(uploads);

    // Cohort batches: the parent execution is started, answered and stopped from here.
    const batchEnv = { ...props.artifacts.environment(), ...props.batches.environment(), PUBLIC_BASE_URL: issuerEnv.PUBLIC_BASE_URL! };
    const createBatch = route(R.createBatch, 'CreateBatch', 'functions/admin/create-batch.ts', batchEnv);
    readWrite(createBatch);
    props.artifacts.grantBatchFiles(createBatch); // presigns the file's PUT
    const submitBatch = route(R.submitBatch, 'SubmitBatch', 'functions/admin/submit-batch.ts', batchEnv);
    readWrite(submitBatch);
    props.artifacts.grantReadBatchFiles(submitBatch); // the file must have arrived
    props.batches.grantStart(submitBatch);
    read(route(R.getBatch, 'GetBatch', 'functions/admin/get-batch.ts', batchEnv));
    const report = route(R.getBatchReport, 'GetBatchReport', 'functions/admin/get-batch-report.ts', batchEnv);
    read(report);
    props.artifacts.grantBatchFiles(report); // reads the rows and problems; a large report is written there
    for (const fn of [route(R.startBatch, 'StartBatch', 'functions/admin/start-batch.ts', batchEnv), route([R.approveBatch, R.rejectBatch], 'DecideBatch', 'functions/admin/decide-batch.ts', batchEnv)]) {
      readWrite(fn);
      props.batches.grantTaskResponse(fn);
    }
    const cancelBatch = route(R.cancelBatch, 'CancelBatch', 'functions/admin/cancel-batch.ts', batchEnv);
    readWrite(cancelBatch);
    props.batches.grantStop(cancelBatch);
    const retryBatch = route(R.retryBatch, 'RetryBatch', 'functions/admin/retry-batch-failures.ts', batchEnv);
    readWrite(retryBatch);
    props.artifacts.grantBatchFiles(retryBatch);
    props.batches.grantStart(retryBatch);
    read(route(R.getBatchTemplate, 'GetBatchTemplate', 'functions/admin/get-batch-template.ts'));

    // Audit
    read(route(R.getIssuanceAudit, 'GetIssuanceAudit', 'functions/admin/get-issuance-audit.ts'));
    read(route(R.getCredentialAudit, 'GetCredentialAudit', 'functions/admin/get-credential-audit.ts'));
    const pack = route(R.getEvidencePack, 'GetEvidencePack', 'functions/admin/get-evidence-pack.ts', props.artifacts.environment());
    read(pack);
    props.artifacts.grantReadCredentials(pack);

    // Credentials
    const publicEnv = { PUBLIC_BASE_URL: issuerEnv.PUBLIC_BASE_URL! };
    read(route(R.getCredential, 'GetCredentialRecord', 'functions/admin/get-credential.ts', publicEnv));
    read(route(R.listCredentials, 'ListCredentials', 'functions/admin/list-credentials.ts', publicEnv));
    read(route(R.searchCredentials, 'SearchCredentials', 'functions/admin/search-credentials.ts', publicEnv));
    readWrite(route(R.changeDeliveryAddress, 'ChangeDeliveryAddress', 'functions/admin/change-delivery-address.ts'));
    // Revoke, suspend, reinstate: one function, since all three re-sign a status list.
    const status = route([R.revokeCredential, R.suspendCredential, R.reinstateCredential], 'ChangeCredentialStatus', 'functions/admin/change-credential-status.ts', keysEnv);
    readWrite(status);
    props.keys.grantSign(status);
    // Resend the learner's email (to a corrected address after a bounce): a workflow step, run by staff.
    const resend = route(R.resendCredential, 'ResendCredential', 'functions/admin/resend-credential.ts', props.workflow.stepEnvironment);
    readWrite(resend);
    props.mail.grantSend(resend);

    // Reports, and the API describing itself
    read(route(R.getReport, 'GetReport', 'functions/admin/get-report.ts'));
    route(R.getOpenApi, 'GetOpenApi', 'functions/admin/get-openapi.ts', props.identity.tokenUrl ? { TOKEN_URL: props.identity.tokenUrl } : {});

    addNotFoundRoute(this, this.api);
    new CfnOutput(this, 'Url', { key: 'AdminApiUrl', value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { key: 'UserPoolId', value: props.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { key: 'UserPoolClientId', value: props.identity.client.userPoolClientId });
    new CfnOutput(this, 'MachineClientId', { key: 'MachineClientId', value: props.identity.machineClient.userPoolClientId, description: 'its secret: aws cognito-idp describe-user-pool-client' });
    new CfnOutput(this, 'TokenUrl', { key: 'TokenUrl', value: props.identity.tokenUrl });
  }
}
