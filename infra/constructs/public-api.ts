import { CfnOutput, Duration } from 'aws-cdk-lib';
import { ApiMapping, CorsHttpMethod, DomainName, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { ArtifactStore } from './artifact-store';
import type { DataStore } from './data-store';
import type { LaurelFunction } from './laurel-function';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';
import { settingValues, wiredFunction, type Providers } from '../wiring';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { configureStage } from './api-access-log';
import type { OriginSecret } from './origin-secret';
import { PublicCdn, type PublicCdnProps } from './public-cdn';
import { ORIGIN_HEADER } from '../../shared/domain/origin-secret';

export interface PublicApiProps {
  data: DataStore;
  artifacts: ArtifactStore;
  /**
   * Settings the functions may declare: the issuer (ISSUER_ID, INSTITUTION_NAME, INSTITUTION_URL)
   * and the verification page's branding and language (BRAND_COLOR, PAGE_LANGUAGE, …). PUBLIC_BASE_URL is this API's.
   */
  settings: Record<string, string | undefined>;
  /** The URL credentials are issued under; defaults to the custom domain, else this API's endpoint. */
  publicBaseUrl?: string;
  /** A custom domain: on the CDN when there is one (certificate in us-east-1), else on the API. */
  domain?: { name: string; certificateArn: string };
  /**
   * CloudFront (with this web ACL) in front of the API; absent serves the API directly (the local
   * cloud). The origin secret is the header CloudFront adds and every public function requires,
   * so the API's own endpoint, which skips the web ACL, answers 403; it is rotated here.
   */
  cdn?: Pick<PublicCdnProps, 'webAcl'> & { originSecret: OriginSecret };
  /**
   * Reserved concurrency: POST /verify's function, and each read function's (every GET route, the
   * 404 route and those added with addPublicRead), checked against the account's quota (Lambda
   * keeps 100 unreserved).
   */
  reservedConcurrency?: { verify?: number; publicRead?: number; accountQuota: number };
  /** How long the access log (callers' IP addresses) is kept. */
  accessLogRetention: RetentionDays;
}

/** Lambda refuses a reservation that leaves fewer than this many executions unreserved in the account. */
export const LAMBDA_MIN_UNRESERVED = 100;

/**
 * Per-route throttling (requests/s, burst) at the API stage, below the account's limit. Reading
 * is cheap and mostly served by the CDN; POST /verify canonicalizes and may fetch from other
 * issuers, so it gets a smaller share (the web ACL also limits it per IP).
 */
export const ROUTE_THROTTLING = {
  default: { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 500 },
  'POST /verify': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 },
  // The issuers' public directories (public-directory.ts): never cached at the edge, each a query; scraping is what to bound.
  'GET /directory/{issuerId}': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 25 },
} as const;

/** Verification for anyone: credentials, issuer profiles and keys. No authorizer, read-only (shared/wiring/public.ts). */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  /** CloudFront in front, when there is one. */
  readonly cdn: PublicCdn | undefined;
  /** What credential, issuer and key URLs start with. */
  readonly baseUrl: string;
  /** The secret CloudFront sends the origin, when CloudFront is in front (the learner's routes check it too). */
  readonly originSecret: OriginSecret | undefined;
  /** The functions reserved concurrency applies to: this API's own, and public read functions added later (addPublicRead). */
  private readonly reservable: { fn: LaurelFunction; verify: boolean }[] = [];
  private readonly reservation: PublicApiProps['reservedConcurrency'];

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Laurel public verification API',
      corsPreflight: { allowOrigins: ['*'], allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.HEAD, CorsHttpMethod.POST], allowHeaders: ['content-type'] },
    });
    // Throttle per route so a burst against one route cannot starve the others or the account.
    const { default: defaultRoute, ...perRoute } = ROUTE_THROTTLING;
    configureStage(this.api, { retention: props.accessLogRetention, throttle: defaultRoute, routeThrottles: perRoute });
    let cdn: PublicCdn | undefined;
    if (props.cdn) {
      cdn = new PublicCdn(this, 'Cdn', {
        api: this.api,
        webAcl: props.cdn.webAcl,
        originHeader: { name: ORIGIN_HEADER, value: props.cdn.originSecret.headerValue },
        ...(props.domain ? { domain: props.domain } : {}),
      });
      props.cdn.originSecret.rotateWith(cdn);
    } else if (props.domain) {
      const domainName = new DomainName(this, 'Domain', {
        domainName: props.domain.name,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      });
      new ApiMapping(this, 'Mapping', { api: this.api, domainName });
      new CfnOutput(this, 'DomainTarget', { key: 'PublicDomainTarget', value: domainName.regionalDomainName, description: 'point the DNS record (alias/CNAME) here' });
    }
    this.cdn = cdn;
    this.originSecret = props.cdn?.originSecret;
    this.baseUrl =
      props.publicBaseUrl ??
      (props.domain ? `https://${props.domain.name}/` : cdn ? `https://${cdn.distribution.distributionDomainName}/` : `${this.api.apiEndpoint}/`);
    const providers: Providers = {
      table: props.data,
      bucket: props.artifacts,
      setting: settingValues({ BRAND_COLOR: '#1d3557', PAGE_LANGUAGE: 'en', ...props.settings, PUBLIC_BASE_URL: this.baseUrl }),
      // Each function reads the origin secret (ORIGIN_SECRET_ARN, GetSecretValue on it alone) when CloudFront is in front.
      ...(props.cdn ? { originSecret: props.cdn.originSecret } : {}),
    };
    // Each function wired as shared/wiring/public.ts declares it under the same name.
    const routes: { id: keyof typeof PUBLIC_FUNCTIONS; path: string; method?: HttpMethod }[] = [
      { id: 'GetImage', path: '/images/{achievementId}/{file}' },
      { id: 'GetCredential', path: '/credentials/{id}' },
      { id: 'GetVerification', path: '/credentials/{id}/verification' },
      { id: 'GetIssuer', path: '/issuers/{issuerId}' },
      { id: 'GetIssuerKey', path: '/issuers/{issuerId}/keys/{keyId}' },
      { id: 'GetStatusList', path: '/status/{issuerId}/{purpose}/{listNo}' },
      { id: 'GetRenderTemplate', path: '/render/{template}' },
      { id: 'VerifyCredential', path: '/verify', method: HttpMethod.POST },
    ];
    this.reservation = props.reservedConcurrency;
    for (const route of routes) {
      const fn = wiredFunction(this, route.id, PUBLIC_FUNCTIONS[route.id], providers, {
        memorySize: 1024,
        // POST /verify answers within its own 8 s deadline, however slow another issuer is.
        ...(route.method === HttpMethod.POST ? { timeout: Duration.seconds(10) } : {}),
      });
      this.reservable.push({ fn, verify: route.method === HttpMethod.POST });
      this.api.addRoutes({ path: route.path, methods: [route.method ?? HttpMethod.GET], integration: new HttpLambdaIntegration(`${route.id}Integration`, fn) });
    }
    this.reservable.push({ fn: addNotFoundRoute(this, this.api, props.cdn ? { originSecret: props.cdn.originSecret } : {}), verify: false });
    if (this.reservation) reserveConcurrency(this.reservable, this.reservation);
    new CfnOutput(this, 'Url', { key: 'PublicApiUrl', value: this.api.apiEndpoint });
  }

  /**
   * A public read function that another construct routes on this API (the directory, in its
   * nested stack): reserved like this API's GET functions, and counted in the same check against
   * the account's quota, so a scrape of it cannot take the executions the rest need either.
   */
  addPublicRead(fn: LaurelFunction) {
    this.reservable.push({ fn, verify: false });
    if (this.reservation) reserveConcurrency(this.reservable, this.reservation);
  }
}

/**
 * Reserves concurrency so a flood of one kind of public request cannot take every execution in
 * the account (the admin API's and the workflow's), nor the other public routes'. Refuses, with
 * the settings and the numbers, a sum that would leave Lambda fewer than 100 unreserved.
 */
function reserveConcurrency(fns: { fn: LaurelFunction; verify: boolean }[], r: NonNullable<PublicApiProps['reservedConcurrency']>) {
  const reads = fns.filter((f) => !f.verify).length;
  const verifies = fns.length - reads;
  const total = verifies * (r.verify ?? 0) + reads * (r.publicRead ?? 0);
  const left = r.accountQuota - total;
  if (left < LAMBDA_MIN_UNRESERVED) {
    throw new Error(
      `Invalid deployment settings:\n  laurel:lambdaConcurrencyQuota: reserving ${r.verify ?? 0} (laurel:verifyReservedConcurrency, POST /verify)` +
        ` + ${reads} × ${r.publicRead ?? 0} (laurel:publicReadReservedConcurrency, each GET function, the directory's and the 404 function) = ${total}` +
        ` of the account's ${r.accountQuota} leaves ${left} unreserved; Lambda keeps at least ${LAMBDA_MIN_UNRESERVED}:` +
        ` lower the reservations, or raise the quota (Service Quotas) and declare the new one`,
    );
  }
  for (const { fn, verify } of fns) {
    const n = verify ? r.verify : r.publicRead;
    if (n !== undefined) (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = n;
  }
}

/**
 * The $default route, answering problem+json 404 for anything no route matches (no authorizer: it
 * reveals nothing). The public API's behind CloudFront is given the origin secret; the admin API's, nothing.
 */
export function addNotFoundRoute(scope: Construct, api: HttpApi, providers: Providers = {}): LaurelFunction {
  const fn = wiredFunction(scope, 'RouteNotFound', PUBLIC_FUNCTIONS.RouteNotFound, providers, { memorySize: 256 });
  new HttpRoute(scope, 'DefaultRoute', {
    httpApi: api,
    routeKey: HttpRouteKey.DEFAULT,
    integration: new HttpLambdaIntegration('RouteNotFoundIntegration', fn),
    authorizer: new HttpNoneAuthorizer(),
  });
  return fn;
}
