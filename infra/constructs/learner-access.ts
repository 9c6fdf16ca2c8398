import { Duration, NestedStack } from 'aws-cdk-lib';
import { HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';
import { capabilityProviders, settingValues, wiredFunction, type Providers } from '../wiring';
import type { PublicApi } from './public-api';
import type { LaurelFunctionProps } from './laurel-function';

/**
 * Sizes beyond the default 512 MB: signing a wallet copy canonicalizes JSON-LD (as verification
 * does); the downloads rasterize badges (resvg, WebAssembly) and lay out PDFs with the fonts and
 * resvg's module copied beside the bundle.
 */
const FUNCTION_PROPS: Partial<Record<keyof typeof LEARNER_FUNCTIONS, Omit<LaurelFunctionProps, 'entry'>>> = {
  ExchangeWalletCredential: { memorySize: 1024 },
  WithdrawName: { memorySize: 1024 },
  // A transcript canonicalizes and signs one document holding every credential of the learner.
  DownloadTranscript: { memorySize: 1024, timeout: Duration.seconds(30) },
  IssueOid4vciCredential: { memorySize: 1024 },
  DownloadClaimedCredential: {
    memorySize: 1536,
    timeout: Duration.seconds(20),
    assets: [
      { from: 'shared/certificate/fonts', to: 'fonts' },
      { from: 'node_modules/@resvg/resvg-wasm/index_bg.wasm', to: 'index_bg.wasm' },
    ],
  },
};

/**
 * Areas of the learner's routes in nested stacks, as the staff API's areas are, so the parent
 * stack stays under 60% of CloudFormation's 500: OpenID4VCI (five functions, six routes, 38
 * resources) in one of its own; reminders and renewal requests in the Lifecycle stack, beside the
 * reminder sweep (given as `renewalScope`).
 */
type Area = 'oid4vci' | 'renewal';

export interface LearnerAccessProps {
  /** The public API the learner's routes join (its URL, its CDN and origin secret). */
  publicApi: PublicApi;
  capabilities: Parameters<typeof capabilityProviders>[0];
  /** The settings the pages read (issuer, branding, language). */
  settings: Record<string, string | undefined>;
  /** The issuance workflow, which a learner's renewal request starts. */
  workflow: NonNullable<Providers['issuanceWorkflow']>;
  /** Where the renewal area's functions and routes go: the Lifecycle nested stack, beside the reminder sweep. */
  renewalScope: Construct;
}

/**
 * The learner's routes, on the public API's domain: the claim page and its actions, and wallet
 * pickup. Never cached at the edge (public-cdn.ts LEARNER_PATHS), each function given only what
 * its action needs (shared/wiring/learner.ts), the origin secret like every public function.
 */
export class LearnerAccess extends Construct {
  /** With an `area`, the function and its routes sit in that area's nested stack (AREAS). */
  static readonly ROUTES: { id: keyof typeof LEARNER_FUNCTIONS; path: string; method: HttpMethod; area?: Area }[] = [
    { id: 'OpenClaimLink', path: '/claim', method: HttpMethod.GET },
    { id: 'OpenClaimLink', path: '/claim/contact', method: HttpMethod.GET },
    { id: 'StartClaimSession', path: '/claim/session', method: HttpMethod.POST },
    { id: 'SendClaimLink', path: '/claim/new-link', method: HttpMethod.POST },
    { id: 'ConfirmContactChange', path: '/claim/contact/confirm', method: HttpMethod.POST },
    { id: 'GetClaimPage', path: '/claim/credential', method: HttpMethod.GET },
    { id: 'SetCredentialVisibility', path: '/claim/credential/privacy', method: HttpMethod.POST },
    { id: 'RequestContactChange', path: '/claim/credential/contact', method: HttpMethod.POST },
    { id: 'DeclineCredential', path: '/claim/credential/decline', method: HttpMethod.POST },
    { id: 'WithdrawName', path: '/claim/credential/name', method: HttpMethod.POST },
    { id: 'SetCredentialReminders', path: '/claim/credential/reminders', method: HttpMethod.POST, area: 'renewal' },
    { id: 'RequestRenewal', path: '/claim/credential/renewal', method: HttpMethod.POST, area: 'renewal' },
    { id: 'CreateWalletOffer', path: '/claim/credential/wallet', method: HttpMethod.POST },
    { id: 'DownloadClaimedCredential', path: '/claim/credential/download/{file}', method: HttpMethod.GET },
    // The learner's CLR 2.0 transcript: signed and audited when asked for, so a POST (issue #21), in the Lifecycle stack.
    { id: 'DownloadTranscript', path: '/claim/credential/transcript', method: HttpMethod.POST, area: 'renewal' },
    { id: 'GetWalletInteraction', path: '/wallet/{offerId}', method: HttpMethod.GET },
    { id: 'ExchangeWalletCredential', path: '/wallet/{offerId}/exchange', method: HttpMethod.POST },
    { id: 'ExchangeWalletCredential', path: '/wallet/{offerId}/request', method: HttpMethod.POST },
    // OpenID4VCI 1.0, pre-authorized code flow (shared/use-cases/oid4vci.ts): the issuer is its own authorization server.
    { id: 'GetOid4vciMetadata', path: '/.well-known/openid-credential-issuer', method: HttpMethod.GET, area: 'oid4vci' },
    { id: 'GetOid4vciMetadata', path: '/.well-known/oauth-authorization-server', method: HttpMethod.GET, area: 'oid4vci' },
    { id: 'GetCredentialOffer', path: '/oid4vci/offers/{offerId}', method: HttpMethod.GET, area: 'oid4vci' },
    { id: 'ExchangeOid4vciToken', path: '/oid4vci/token', method: HttpMethod.POST, area: 'oid4vci' },
    { id: 'CreateCredentialNonce', path: '/oid4vci/nonce', method: HttpMethod.POST, area: 'oid4vci' },
    { id: 'IssueOid4vciCredential', path: '/oid4vci/credential', method: HttpMethod.POST, area: 'oid4vci' },
  ];

  constructor(scope: Construct, id: string, props: LearnerAccessProps) {
    super(scope, id);
    const { publicApi } = props;
    const providers: Providers = {
      ...capabilityProviders(props.capabilities),
      setting: settingValues({ BRAND_COLOR: '#1d3557', PAGE_LANGUAGE: 'en', ...props.settings, PUBLIC_BASE_URL: publicApi.baseUrl }),
      ...(publicApi.originSecret ? { originSecret: publicApi.originSecret } : {}),
      ...(publicApi.cdn ? { cdn: publicApi.cdn } : {}),
      issuanceWorkflow: props.workflow,
    };
    const areas: Record<Area, Construct> = {
      oid4vci: new NestedStack(this, 'Oid4vci', { description: 'Laurel: OpenID4VCI wallet pickup (metadata, offers, token, nonce, credential)' }),
      renewal: props.renewalScope,
    };
    const functions = new Map<string, ReturnType<typeof wiredFunction>>();
    for (const route of LearnerAccess.ROUTES) {
      const nested = route.area ? areas[route.area] : undefined;
      let fn = functions.get(route.id);
      if (!fn) {
        // Signing a wallet copy canonicalizes the credential (JSON-LD): the verification functions' memory.
        // In a nested stack, named as in this one (Learner<Name>), so a function's template id says whose it is wherever it sits.
        fn = wiredFunction(nested ?? this, nested ? `Learner${route.id}` : route.id, LEARNER_FUNCTIONS[route.id], providers, { timeout: Duration.seconds(15), ...FUNCTION_PROPS[route.id] });
        functions.set(route.id, fn);
      }
      const integration = new HttpLambdaIntegration(`${route.id}${route.method}${route.path.replace(/[^A-Za-z]/g, '')}Integration`, fn);
      if (nested) new HttpRoute(nested, `${route.method}${route.path.replace(/[^A-Za-z0-9]/g, '')}`, { httpApi: publicApi.api, routeKey: HttpRouteKey.with(route.path, route.method), integration });
      else publicApi.api.addRoutes({ path: route.path, methods: [route.method], integration });
    }
  }
}
