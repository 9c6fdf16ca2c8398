import { Aws, Duration, Fn, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  Mfa,
  OAuthScope,
  OidcAttributeRequestMethod,
  ProviderAttribute,
  ResourceServerScope,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolIdentityProviderOidc,
  UserPoolIdentityProviderSaml,
  UserPoolIdentityProviderSamlMetadata,
  UserPoolOperation,
  UserPoolResourceServer,
  type IUserPoolIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { IDP_GROUPS_ATTRIBUTE, IDP_GROUPS_MAX_LENGTH } from '../../shared/domain/staff-federation';
import { ROLES, SCOPE_PREFIX } from '../../shared/http/auth';
import * as STAFF_FUNCTIONS from '../../shared/wiring/staff';
import type { IdentityProviderSettings } from '../settings';
import { settingValues, wiredFunction } from '../wiring';

/** The OAuth resource server's identifier: machine scopes are `laurel/<role>`. */
export const RESOURCE_SERVER = SCOPE_PREFIX;

export interface StaffIdentityProps {
  /** Roles the machine client may ask for as `laurel/<role>` scopes. */
  machineRoles?: readonly string[];
  /** Where a browser sign-in (authorization code with PKCE) may return; none: no OAuth flow for staff. */
  callbackUrls?: readonly string[];
  /** Where a browser sign-out may return (needs callbackUrls). */
  logoutUrls?: readonly string[];
  /** MFA for staff, TOTP only: 'required' unless a trial asks for 'optional'. */
  mfa?: 'required' | 'optional';
  /** The institution's identity providers (SAML, OIDC), each with its groups → roles mapping. */
  identityProviders?: readonly IdentityProviderSettings[];
}

/**
 * Staff sign in with a Cognito user pool; each role is a group, and the group claim in the
 * token is what the admin handlers check. Every staff member has a second factor (an
 * authenticator app). Systems (the SIS, the LMS) use a machine client with the
 * client-credentials flow; each scope `laurel/<role>` grants that role.
 */
export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly machineClient: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The federated identity providers, for app clients that offer them (the console's). */
  readonly federatedProviders: IUserPoolIdentityProvider[];
  /** What a browser app client offers at sign-in: the pool's own users, then each federated provider. */
  readonly clientIdentityProviders: UserPoolClientIdentityProvider[];

  constructor(scope: Construct, id: string, props: StaffIdentityProps = {}) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12, requireSymbols: false },
      // A stolen password alone signs no one in: TOTP (authenticator apps) only, never SMS.
      mfa: props.mfa === 'optional' ? Mfa.OPTIONAL : Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // The groups a federated user's provider sent at their latest sign-in (staff-federation.ts).
      // Declared whether or not a provider is: a pool's attributes can be added, never removed.
      customAttributes: { [IDP_GROUPS_ATTRIBUTE.replace(/^custom:/, '')]: new StringAttribute({ maxLen: IDP_GROUPS_MAX_LENGTH, mutable: true }) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.federatedProviders = (props.identityProviders ?? []).map((p) => this.federate(p));
    this.clientIdentityProviders = [UserPoolClientIdentityProvider.COGNITO, ...(props.identityProviders ?? []).map((p) => UserPoolClientIdentityProvider.custom(p.name))];
    if (props.identityProviders?.length) this.mapGroupsToRoles(props.identityProviders);
    for (const role of ROLES) {
      // Retained with the pool: deleting a group would take every member's role with it.
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Laurel role: ${role}`,
      }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    // People: SRP (never sends the password; a password flow is left off) and, only when the
    // deployment names where to return, a browser sign-in with the authorization code flow.
    // A public client (no secret), so the console must use PKCE; never the implicit flow, which
    // hands tokens over in the URL. Without callback URLs there is no OAuth flow at all: CDK's
    // defaults would otherwise allow both flows back to https://example.com.
    const callbackUrls = [...(props.callbackUrls ?? [])];
    this.client = this.userPool.addClient('StaffCli', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      generateSecret: false,
      ...(callbackUrls.length > 0
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
              scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
              callbackUrls,
              ...(props.logoutUrls?.length ? { logoutUrls: [...props.logoutUrls] } : {}),
            },
            supportedIdentityProviders: this.clientIdentityProviders,
          }
        : { disableOAuth: true }),
    });
    this.client.node.addDependency(...this.federatedProviders);

    const scopes = ROLES.map((role) => new ResourceServerScope({ scopeName: role, scopeDescription: `act with the role ${role}` }));
    const server = new UserPoolResourceServer(this, 'ResourceServer', { userPool: this.userPool, identifier: RESOURCE_SERVER, userPoolResourceServerName: 'Laurel admin API', scopes });
    // The SIS issues and reads; give it more only by deliberate settings (laurel:machineRoles).
    const machineRoles = props.machineRoles ?? ['issuer', 'auditor'];
    this.machineClient = this.userPool.addClient('MachineClient', {
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.filter((s) => machineRoles.includes(s.scopeName)).map((s) => OAuthScope.resourceServer(server, s)),
      },
      accessTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    // The token endpoint needs a domain; its prefix comes from the stack's unique id, not a fixed name.
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: Fn.join('-', ['laurel', Fn.select(2, Fn.split('/', Aws.STACK_ID))]) },
    });
  }

  /**
   * One federated provider. Its email and its groups land in the user's attributes at every
   * sign-in through it; an OIDC client secret is read from Secrets Manager by CloudFormation (a
   * dynamic reference: the template never holds it).
   */
  private federate(p: IdentityProviderSettings): IUserPoolIdentityProvider {
    const id = `Idp-${p.name.replace(/[^A-Za-z0-9]/g, '')}`;
    if (p.type === 'saml') {
      return new UserPoolIdentityProviderSaml(this, id, {
        userPool: this.userPool,
        name: p.name,
        metadata: UserPoolIdentityProviderSamlMetadata.url(p.metadataUrl),
        identifiers: p.identifiers,
        attributeMapping: { email: ProviderAttribute.other(p.emailAttribute), custom: { [IDP_GROUPS_ATTRIBUTE]: ProviderAttribute.other(p.groupsAttribute) } },
      });
    }
    return new UserPoolIdentityProviderOidc(this, id, {
      userPool: this.userPool,
      name: p.name,
      issuerUrl: p.issuerUrl,
      clientId: p.clientId,
      clientSecret: SecretValue.secretsManager(p.clientSecretName).unsafeUnwrap(),
      scopes: p.scopes,
      attributeRequestMethod: OidcAttributeRequestMethod.GET,
      identifiers: p.identifiers,
      attributeMapping: { email: ProviderAttribute.other('email'), custom: { [IDP_GROUPS_ATTRIBUTE]: ProviderAttribute.other(p.groupsClaim) } },
    });
  }

  /**
   * The pre-token-generation trigger that turns a federated user's groups into Laurel's roles by
   * the settings' mapping (functions/staff/map-federated-groups.ts). Only with federation: every
   * token the pool issues waits for it.
   */
  private mapGroupsToRoles(providers: readonly IdentityProviderSettings[]): void {
    const mappings = Object.fromEntries(providers.map((p) => [p.name, p.roles]));
    const fn = wiredFunction(this, 'MapFederatedGroupsFn', STAFF_FUNCTIONS.MapFederatedGroupsFn, { setting: settingValues({ GROUP_MAPPINGS: JSON.stringify(mappings) }) }, { memorySize: 256, timeout: Duration.seconds(5) });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, fn);
  }

  /** The token issuer the HTTP API's JWT authorizer trusts. */
  get issuerUrl(): string {
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** Where a machine client exchanges its credentials for an access token. */
  get tokenUrl(): string {
    return `${this.domain.baseUrl()}/oauth2/token`;
  }
}
