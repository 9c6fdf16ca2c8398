import { CfnOutput } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import type { DataStore } from './data-store';
import type { IssuanceWorkflow } from './issuance-workflow';
import { LaurelFunction } from './laurel-function';
import { addNotFoundRoute } from './public-api';
import type { ArtifactStore } from './artifact-store';
import type { Mail } from './mail';
import type { SigningKeys } from './signing-keys';
import type { StaffIdentity } from './staff-identity';

export interface AdminApiProps {
  data: DataStore;
  identity: StaffIdentity;
  workflow: IssuanceWorkflow;
  keys: SigningKeys;
  mail: Mail;
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
      jwtAudience: [props.identity.client.userPoolClientId],
    });
    this.api = new HttpApi(this, 'Api', {
      description: 'Laurel admin API',
      defaultAuthorizer: authorizer,
      ...(props.corsOrigins.length
        ? { corsPreflight: { allowOrigins: props.corsOrigins, allowMethods: [CorsHttpMethod.ANY], allowHeaders: ['authorization', 'content-type', 'idempotency-key'] } }
        : {}),
    });
    const table = props.data.environment();
    const route = (method: HttpMethod, path: string | string[], id: string, entry: string, env: Record<string, string>) => {
      const fn = new LaurelFunction(this, id, { entry, environment: { ...table, ...env } });
      const integration = new HttpLambdaIntegration(`${id}Integration`, fn);
      for (const p of [path].flat()) this.api.addRoutes({ path: p, methods: [method], integration });
      return fn;
    };

    const createAchievement = route(HttpMethod.POST, '/achievements', 'CreateAchievement', 'functions/admin/create-achievement.ts', props.issuerEnvironment);
    props.data.grantReadWrite(createAchievement);

    const createIssuance = route(HttpMethod.POST, '/issuances', 'CreateIssuance', 'functions/admin/create-issuance.ts', props.workflow.environment());
    props.data.grantReadWrite(createIssuance);
    props.workflow.grantStart(createIssuance);

    const retryIssuance = route(HttpMethod.POST, '/issuances/{id}/retry', 'RetryIssuance', 'functions/admin/retry-issuance.ts', props.workflow.environment());
    props.data.grantReadWrite(retryIssuance);
    props.workflow.grantStart(retryIssuance);

    for (const [id, path, entry] of [
      ['GetIssuanceAudit', '/issuances/{id}/audit', 'functions/admin/get-issuance-audit.ts'],
      ['GetCredentialAudit', '/credentials/{id}/audit', 'functions/admin/get-credential-audit.ts'],
    ] as const) {
      props.data.grantRead(route(HttpMethod.GET, path, id, entry, {}));
    }

    const uploads = route(HttpMethod.POST, '/evidence-uploads', 'CreateEvidenceUpload', 'functions/admin/create-evidence-upload.ts', props.artifacts.environment());
    props.data.grantReadWrite(uploads);
    props.artifacts.grantEvidenceUpload(uploads);

    const pack = route(HttpMethod.GET, '/issuances/{id}/evidence-pack', 'GetEvidencePack', 'functions/admin/get-evidence-pack.ts', props.artifacts.environment());
    props.data.grantRead(pack);
    props.artifacts.grantReadCredentials(pack);

    props.data.grantRead(route(HttpMethod.GET, '/approvals', 'ListPendingApprovals', 'functions/admin/list-pending-approvals.ts', {}));

    const getIssuance = route(HttpMethod.GET, '/issuances/{id}', 'GetIssuance', 'functions/admin/get-issuance.ts', {});
    props.data.grantRead(getIssuance);

    for (const [id, path, entry] of [
      ['ApproveIssuance', '/issuances/{id}/approve', 'functions/admin/approve-issuance.ts'],
      ['RejectIssuance', '/issuances/{id}/reject', 'functions/admin/reject-issuance.ts'],
    ] as const) {
      const fn = route(HttpMethod.POST, path, id, entry, {});
      props.data.grantReadWrite(fn);
      props.workflow.grantTaskResponse(fn);
    }

    // Revoke, suspend, reinstate: one function, since all three re-sign a status list.
    const status = route(
      HttpMethod.POST,
      ['/credentials/{id}/revoke', '/credentials/{id}/suspend', '/credentials/{id}/reinstate'],
      'ChangeCredentialStatus',
      'functions/admin/change-credential-status.ts',
      { ...props.issuerEnvironment, ...props.keys.environment() },
    );
    props.data.grantReadWrite(status);
    props.keys.grantSign(status);

    // Resend the learner's email (to a corrected address after a bounce): a workflow step, run by staff.
    const resend = route(HttpMethod.POST, '/credentials/{id}/resend', 'ResendCredential', 'functions/admin/resend-credential.ts', props.workflow.stepEnvironment);
    props.data.grantReadWrite(resend);
    props.mail.grantSend(resend);

    // Issuers and their keys
    const keysEnv = { ...props.issuerEnvironment, ...props.keys.environment() };
    const createIssuer = route(HttpMethod.POST, '/issuers', 'CreateIssuer', 'functions/admin/create-issuer.ts', keysEnv);
    const rotateKey = route(HttpMethod.POST, '/issuers/{issuerId}/keys/rotate', 'RotateIssuerKey', 'functions/admin/rotate-issuer-key.ts', keysEnv);
    for (const fn of [createIssuer, rotateKey]) {
      props.data.grantReadWrite(fn);
      props.keys.grantCreate(fn);
    }
    const compromiseKey = route(HttpMethod.POST, '/issuers/{issuerId}/keys/{keyId}/compromise', 'CompromiseIssuerKey', 'functions/admin/compromise-issuer-key.ts', keysEnv);
    props.data.grantReadWrite(compromiseKey);
    props.keys.grantCreate(compromiseKey); // a compromised current key is rotated out first
    const listKeys = route(HttpMethod.GET, '/issuers/{issuerId}/keys', 'ListIssuerKeys', 'functions/admin/list-issuer-keys.ts', keysEnv);
    props.data.grantReadWrite(listKeys); // registers the default issuer's first key if needed
    props.keys.grantReadPublic(listKeys);
    const listSigned = route(HttpMethod.GET, '/issuers/{issuerId}/keys/{keyId}/credentials', 'ListKeyCredentials', 'functions/admin/list-key-credentials.ts', keysEnv);
    props.data.grantRead(listSigned);

    addNotFoundRoute(this, this.api);
    new CfnOutput(this, 'Url', { key: 'AdminApiUrl', value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { key: 'UserPoolId', value: props.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { key: 'UserPoolClientId', value: props.identity.client.userPoolClientId });
  }
}
