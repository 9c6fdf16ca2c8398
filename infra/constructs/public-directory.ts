import { Duration, NestedStack } from 'aws-cdk-lib';
import { HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';
import { settingValues, wiredFunction, type Providers } from '../wiring';
import type { DataStore } from './data-store';
import type { LaurelFunction } from './laurel-function';
import type { PublicApi } from './public-api';

export interface PublicDirectoryProps {
  /** The public API the route joins (its URL, its CDN and origin secret). */
  publicApi: PublicApi;
  data: DataStore;
  /** The settings the page reads (issuer, branding, language). */
  settings: Record<string, string | undefined>;
}

/** The path of the directory's route, and the rate-limited prefix (public-firewall.ts). */
export const DIRECTORY_ROUTE = '/directory/{issuerId}';

/**
 * The issuers' public directories (README "The directory"): GET /directory/{issuerId} on the
 * public API, in a nested stack of its own — its function, role, log group and route — so the
 * main stack, near its budget, gains only the nested stack itself.
 * The function reads directory entries, credential records and issuers alone
 * (table('readDirectory')); the web ACL and the stage throttle it like any public route, and
 * reserved concurrency (laurel:publicReadReservedConcurrency) covers it as it covers the others.
 */
export class PublicDirectory extends Construct {
  readonly fn: LaurelFunction;

  constructor(scope: Construct, id: string, props: PublicDirectoryProps) {
    super(scope, id);
    const { publicApi } = props;
    const stack = new NestedStack(this, 'Stack', { description: 'Laurel: the issuers’ public directories (GET /directory/{issuerId})' });
    const providers: Providers = {
      table: props.data,
      setting: settingValues({ BRAND_COLOR: '#1d3557', PAGE_LANGUAGE: 'en', ...props.settings, PUBLIC_BASE_URL: publicApi.baseUrl }),
      ...(publicApi.originSecret ? { originSecret: publicApi.originSecret } : {}),
    };
    // Named as its construct's functions are (Directory<Name>), so the template id says whose it is.
    this.fn = wiredFunction(stack, 'DirectoryGetDirectory', PUBLIC_FUNCTIONS.GetDirectory, providers, { memorySize: 512, timeout: Duration.seconds(10) });
    // Reserved (when the deployment reserves public reads) as the credential pages are.
    publicApi.addPublicRead(this.fn);
    // Named as the learner's nested routes are (method and path), as the acknowledgements expect.
    new HttpRoute(stack, 'GETdirectoryissuerId', {
      httpApi: publicApi.api,
      routeKey: HttpRouteKey.with(DIRECTORY_ROUTE, HttpMethod.GET),
      integration: new HttpLambdaIntegration('GetDirectoryIntegration', this.fn),
    });
    // Never cached at the edge, nor by browsers (max-age=0): an opt-out or a status change shows on
    // the next request. Each request is a function's work, which the web ACL's rate rule for
    // /directory/, the stage's route throttle and (when set) its reserved concurrency bound.
    publicApi.cdn?.addUncachedReadPath('/directory/*');
    // The stage throttles this route by its key (ROUTE_THROTTLING): the route must exist first.
    publicApi.api.defaultStage?.node.addDependency(stack);
  }
}
