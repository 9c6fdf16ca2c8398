import { CfnOutput } from 'aws-cdk-lib';
import { ApiMapping, CorsHttpMethod, DomainName, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { ArtifactStore } from './artifact-store';
import type { DataStore } from './data-store';
import { LaurelFunction } from './laurel-function';

export interface PublicApiProps {
  data: DataStore;
  artifacts: ArtifactStore;
  issuerEnvironment: Record<string, string>;
  /** Branding and language of the verification page (BRAND_COLOR, PAGE_LANGUAGE, …). */
  pageEnvironment?: Record<string, string>;
  /** The URL credentials are issued under; defaults to the custom domain, else this API's endpoint. */
  publicBaseUrl?: string;
  domain?: { name: string; certificateArn: string };
}

/** Verification for anyone: credentials, issuer profiles and keys. No authorizer, read-only. */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  /** What credential, issuer and key URLs start with. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Laurel public verification API',
      corsPreflight: { allowOrigins: ['*'], allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.HEAD] },
    });
    // Throttle per stage so a burst against one credential cannot starve the account.
    (this.api.defaultStage?.node.defaultChild as { addPropertyOverride(p: string, v: unknown): void } | undefined)?.addPropertyOverride(
      'DefaultRouteSettings',
      { ThrottlingBurstLimit: 500, ThrottlingRateLimit: 1000 },
    );
    if (props.domain) {
      const domainName = new DomainName(this, 'Domain', {
        domainName: props.domain.name,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      });
      new ApiMapping(this, 'Mapping', { api: this.api, domainName });
      new CfnOutput(this, 'DomainTarget', { key: 'PublicDomainTarget', value: domainName.regionalDomainName, description: 'point the DNS record (alias/CNAME) here' });
    }
    this.baseUrl = props.publicBaseUrl ?? (props.domain ? `https://${props.domain.name}/` : `${this.api.apiEndpoint}/`);
    const env = { ...props.data.environment(), ...props.issuerEnvironment, PUBLIC_BASE_URL: this.baseUrl };
    const routes: { id: string; path: string; entry: string; artifacts?: boolean; images?: boolean; page?: boolean }[] = [
      { id: 'GetImage', path: '/images/{achievementId}/{file}', entry: 'functions/public/get-image.ts', images: true },
      { id: 'GetCredential', path: '/credentials/{id}', entry: 'functions/public/get-credential.ts', artifacts: true, page: true },
      { id: 'GetVerification', path: '/credentials/{id}/verification', entry: 'functions/public/get-verification.ts', artifacts: true },
      { id: 'GetIssuer', path: '/issuers/{issuerId}', entry: 'functions/public/get-issuer.ts' },
      { id: 'GetIssuerKey', path: '/issuers/{issuerId}/keys/{keyId}', entry: 'functions/public/get-issuer-key.ts' },
      { id: 'GetStatusList', path: '/status/{issuerId}/{purpose}/{listNo}', entry: 'functions/public/get-status-list.ts' },
    ];
    for (const route of routes) {
      const fn = new LaurelFunction(this, route.id, {
        entry: route.entry,
        environment: { ...env, ...(route.artifacts || route.images ? props.artifacts.environment() : {}), ...(route.page ? { BRAND_COLOR: '#1d3557', PAGE_LANGUAGE: 'en', ...props.pageEnvironment } : {}) },
        memorySize: 1024,
      });
      props.data.grantRead(fn);
      if (route.artifacts) props.artifacts.grantReadCredentials(fn);
      if (route.images) props.artifacts.grantReadImages(fn);
      this.api.addRoutes({ path: route.path, methods: [HttpMethod.GET], integration: new HttpLambdaIntegration(`${route.id}Integration`, fn) });
    }
    addNotFoundRoute(this, this.api);
    new CfnOutput(this, 'Url', { key: 'PublicApiUrl', value: this.api.apiEndpoint });
  }
}

/** The $default route, answering problem+json 404 for anything no route matches (no authorizer: it reveals nothing). */
export function addNotFoundRoute(scope: Construct, api: HttpApi) {
  const fn = new LaurelFunction(scope, 'RouteNotFound', { entry: 'functions/public/route-not-found.ts', memorySize: 256 });
  new HttpRoute(scope, 'DefaultRoute', {
    httpApi: api,
    routeKey: HttpRouteKey.DEFAULT,
    integration: new HttpLambdaIntegration('RouteNotFoundIntegration', fn),
    authorizer: new HttpNoneAuthorizer(),
  });
}
