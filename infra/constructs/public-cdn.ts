import { CfnOutput, Duration, Fn, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
  type ICachePolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import path from 'node:path';
import { CDN_MAX_TTL_SECONDS } from '../edge/cache-times';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';
import { PROJECT_ROOT } from './laurel-function';

export interface PublicCdnProps {
  api: HttpApi;
  /** A custom domain; its ACM certificate must be in us-east-1 (CloudFront's rule). */
  domain?: { name: string; certificateArn: string };
  /** The web ACL: its ARN, or the SSM parameter in us-east-1 the edge stack published it under. */
  webAcl: { arn: string } | { parameterName: string };
  /**
   * The header CloudFront adds to every request to the API (the origin secret: a dynamic
   * reference, resolved at deploy time), without which the public functions refuse it.
   */
  originHeader: { name: string; value: string };
}


/**
 * CloudFront in front of the public API: credentials, keys, profiles and status lists are
 * cached at the edge for the times above, each route honouring the origin's Cache-Control up to
 * its cap; POST /verify is never cached. A CloudFront Function reduces Accept to the one format
 * the origin would choose before it becomes part of the cache key.
 */
export class PublicCdn extends Construct implements Provider<Accesses['cdn']> {
  readonly distribution: Distribution;
  private readonly origin: HttpOrigin;

  constructor(scope: Construct, id: string, props: PublicCdnProps) {
    super(scope, id);
    // https://{apiId}.execute-api.{region}.amazonaws.com → the origin's host name.
    // CloudFront replaces a viewer's header of the same name with its own: a caller cannot supply it.
    const origin = new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      customHeaders: { [props.originHeader.name]: props.originHeader.value },
    });
    const policy = (name: string, maxTtlSeconds: number, options: { accept?: boolean; query?: string[] } = {}) =>
      new CachePolicy(this, name, {
        comment: `Laurel public ${name}`,
        minTtl: Duration.seconds(0),
        defaultTtl: Duration.seconds(Math.min(60, maxTtlSeconds)),
        maxTtl: Duration.seconds(maxTtlSeconds),
        headerBehavior: options.accept ? CacheHeaderBehavior.allowList('Accept') : CacheHeaderBehavior.none(),
        queryStringBehavior: options.query ? CacheQueryStringBehavior.allowList(...options.query) : CacheQueryStringBehavior.none(),
        cookieBehavior: CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      });
    const normalizeAccept = new CloudFrontFunction(this, 'NormalizeAccept', {
      code: FunctionCode.fromFile({ filePath: path.join(PROJECT_ROOT, 'infra/edge/normalize-accept.js') }),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Reduces Accept to text/html, application/ld+json or application/vc+jwt',
    });
    this.origin = origin;
    const cached = (cachePolicy: ICachePolicy, extra: Partial<BehaviorOptions> = {}): BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachePolicy,
      responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
      ...extra,
    });
    const documents = policy('Documents', CDN_MAX_TTL_SECONDS.keys);
    const uncached = (responseHeadersPolicy: ResponseHeadersPolicy | typeof ResponseHeadersPolicy.SECURITY_HEADERS): BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Laurel public verification (${Stack.of(this).stackName})`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      // TLS 1.2 or later (a custom certificate is needed to choose: the cloudfront.net one allows TLS 1.0).
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      webAclId: 'arn' in props.webAcl ? props.webAcl.arn : readWebAclArn(this, props.webAcl.parameterName),
      defaultBehavior: cached(documents),
      additionalBehaviors: {
        '/credentials/*/verification': cached(policy('Verification', CDN_MAX_TTL_SECONDS.verification)),
        '/credentials/*': cached(policy('Credentials', CDN_MAX_TTL_SECONDS.credentials, { accept: true, query: ['format'] }), {
          functionAssociations: [{ function: normalizeAccept, eventType: FunctionEventType.VIEWER_REQUEST }],
        }),
        '/status/*': cached(policy('StatusLists', CDN_MAX_TTL_SECONDS.statusLists)),
        '/images/*': cached(CachePolicy.CACHING_OPTIMIZED),
        // The learner's pages and wallet pickup: never cached, every header (the session cookie,
        // Origin, Accept-Language) and body reach the origin; wallets may call from a web page.
        '/claim*': uncached(ResponseHeadersPolicy.SECURITY_HEADERS),
        '/wallet/*': uncached(ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS),
        // OpenID4VCI: its metadata, offers, token, nonce and credential endpoints (the Authorization
        // header reaches the origin: with caching off, the all-viewer origin request policy forwards it).
        '/.well-known/*': uncached(ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS),
        '/oid4vci/*': uncached(ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS),
        // Verification of a posted credential: never cached; the body and its type reach the origin.
        '/verify': {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS,
        },
      },
    });
    new CfnOutput(this, 'DistributionDomain', { key: 'PublicCdnDomain', value: this.distribution.distributionDomainName, description: 'point the DNS record (alias/CNAME) of the custom domain here' });
  }

  /**
   * A read path the edge never caches (CloudFront's managed policies: this stack gains no
   * resource), every viewer header but Host and every query parameter reaching the origin, and
   * security headers. The origin's short Cache-Control still lets browsers keep it a moment.
   */
  addUncachedReadPath(pathPattern: string): void {
    this.distribution.addBehavior(pathPattern, this.origin, {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
    });
  }

  environment(): Record<string, string> {
    return { DISTRIBUTION_ID: this.distribution.distributionId };
  }

  /**
   * updateOriginHeader: read this distribution's configuration and update it (rotating the origin
   * secret); invalidate: drop cached paths (a learner's privacy choice). This distribution alone.
   */
  grant(grantee: IGrantable, access: Accesses['cdn']): void {
    const actions = { updateOriginHeader: ['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'], invalidate: ['cloudfront:CreateInvalidation'] }[access];
    if (!actions) throw new Error(`PublicCdn grants no ${String(access)}`);
    Grant.addToPrincipal({ grantee, actions, resourceArns: [this.distribution.distributionArn] });
  }
}

/** The edge stack's web ACL ARN, read from us-east-1 at deploy time (the main stack may be elsewhere). */
function readWebAclArn(scope: Construct, parameterName: string): string {
  const stack = Stack.of(scope);
  const reader = new AwsCustomResource(scope, 'WebAclArn', {
    onUpdate: {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: parameterName },
      region: 'us-east-1',
      physicalResourceId: PhysicalResourceId.of(parameterName),
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [stack.formatArn({ service: 'ssm', region: 'us-east-1', resource: 'parameter', resourceName: parameterName.replace(/^\//, '') })] }),
    installLatestAwsSdk: false,
  });
  return reader.getResponseField('Parameter.Value');
}
