import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AssetHashType, CfnOutput, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { OAuthScope, UserPoolClient, UserPoolClientIdentityProvider, type IUserPool, type IUserPoolIdentityProvider, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { pageStyleSource } from '../../shared/page/verification-page';
import { PROJECT_ROOT } from './laurel-function';
import type { ConsoleConfig } from '../../shared/console-config';

export interface StaffConsoleProps {
  /** The staff user pool, and its hosted sign-in domain. */
  userPool: IUserPool;
  signInDomain: UserPoolDomain;
  /** Who the sign-in offers: the pool's own users and each federated provider (StaffIdentity's). */
  identityProviders?: { clientIdentityProviders: UserPoolClientIdentityProvider[]; federatedProviders: IUserPoolIdentityProvider[] };
  /** The console's own domain; its certificate must be in us-east-1 (CloudFront's rule). */
  domain?: { name: string; certificateArn: string } | undefined;
  /** The bucket the console's presigned uploads (evidence, cohort files, images) go to: allowed in connect-src. */
  uploadBucket: IBucket;
  /** Server access logs of the console's bucket. */
  accessLogs: IBucket;
}

/**
 * The staff console (console/): built with Vite at synth, offline, as the functions are bundled;
 * served from a private bucket through CloudFront (origin access control: the bucket answers
 * CloudFront alone) with a strict CSP — scripts, styles and fonts from the console itself only;
 * connections to the admin API, the sign-in domain and the upload bucket only; no frames, no
 * plugins, no forms posted anywhere. It signs staff in with an app client of its own (the
 * authorization code flow with PKCE; no secret, no implicit flow) whose callback is the console's
 * own URL, and finds the API, the client and the sign-in domain in a `config.json` written at
 * deploy time, so that one build serves any deployment.
 *
 * Built in two steps because the API needs the console's origin (CORS) and the console needs the
 * API's URL: the constructor makes the distribution and the app client; `deploy()` writes the
 * files once the API exists.
 */
export class StaffConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  /** https://<domain>, without a trailing slash. */
  readonly url: string;
  private readonly headers: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, private readonly props: StaffConsoleProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only the build, which any deployment writes again; retained like every bucket here, so that
      // deleting the stack never fails on a bucket that is not empty.
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console/',
    });
    // The CSP names the API once it exists (deploy()); until then a placeholder keeps the policy valid.
    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: `Laurel staff console (${Stack.of(this).stackName})`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'", override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Laurel staff console (${Stack.of(this).stackName})`,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultRootObject: 'index.html',
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      // A single-page app: /achievements/abc is index.html, which routes it. (S3 answers 403 for a
      // missing key when the reader may not list the bucket.)
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) })),
    });
    this.url = props.domain ? `https://${props.domain.name}` : `https://${this.distribution.distributionDomainName}`;
    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${this.url}/callback`],
        logoutUrls: [`${this.url}/`],
      },
      supportedIdentityProviders: props.identityProviders?.clientIdentityProviders ?? [UserPoolClientIdentityProvider.COGNITO],
      // A working day's session at most: the tab keeps no refresh token it could leak.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });
    // A client may name a provider only once it exists.
    this.client.node.addDependency(...(props.identityProviders?.federatedProviders ?? []));
    new CfnOutput(this, 'Url', { key: 'ConsoleUrl', value: this.url, description: 'the staff console' });
    new CfnOutput(this, 'DistributionDomain', { key: 'ConsoleDistributionDomain', value: this.distribution.distributionDomainName, description: 'point the console domain (alias/CNAME) here' });
  }

  /** Writes the build and its config.json, and narrows the CSP to this API. */
  deploy(settings: Omit<ConsoleConfig, 'clientId' | 'signInUrl'>): void {
    const signInUrl = this.props.signInDomain.baseUrl();
    const uploads = `https://${this.props.uploadBucket.bucketRegionalDomainName}`;
    // The admin API by its region's API Gateway host, not its own: its CORS names this
    // distribution, so a policy naming the API would make the distribution wait for the API, and
    // the API for the distribution. A call still needs a staff token the API's authorizer accepts.
    const apiHosts = `https://*.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    const csp = [
      "default-src 'none'",
      "script-src 'self'",
      // …and the verification page's stylesheet, which the editor previews in a sandboxed frame.
      `style-src 'self' ${pageStyleSource(settings.brandColor)}`,
      "img-src 'self' data: https:",
      `connect-src 'self' ${apiHosts} ${signInUrl} ${uploads}`,
      "manifest-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
    const cfn = this.headers.node.defaultChild as import('aws-cdk-lib/aws-cloudfront').CfnResponseHeadersPolicy;
    cfn.addPropertyOverride('ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy', csp);

    const build = consoleBuild();
    const config = Source.jsonData('config.json', { ...settings, clientId: this.client.userPoolClientId, signInUrl } satisfies ConsoleConfig);
    // Hashed files first, cached for a year; then index.html and config.json, never cached, which
    // name the new files. Old hashed files stay (no prune) for tabs still open on the old index.
    const assets = new BucketDeployment(this, 'Assets', {
      destinationBucket: this.bucket,
      sources: [build],
      exclude: ['index.html'],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      memoryLimit: 256,
    });
    const entry = new BucketDeployment(this, 'Entry', {
      destinationBucket: this.bucket,
      sources: [build, config],
      exclude: ['*'],
      include: ['index.html', 'config.json'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
    });
    entry.node.addDependency(assets);
  }
}

/** The Vite build, made at synth on this machine (no Docker), hashed by what it produced. */
function consoleBuild() {
  const root = path.join(PROJECT_ROOT, 'console');
  return Source.asset(root, {
    assetHashType: AssetHashType.OUTPUT,
    exclude: ['dist', 'node_modules'],
    bundling: {
      // Never used: the local build below always succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
      local: {
        tryBundle(outputDir: string) {
          const vite = path.join(path.dirname(createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
          execFileSync(process.execPath, [vite, 'build', '--config', path.join(root, 'vite.config.ts'), '--outDir', outputDir, '--emptyOutDir'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: PROJECT_ROOT });
          return true;
        },
      },
    },
  });
}
