import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, SCOPE_PREFIX } from '../../shared/http/auth';

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
      removalPolicy: RemovalPolicy.RETAIN,
    });
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
            supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
          }
        : { disableOAuth: true }),
    });

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

  /** The token issuer the HTTP API's JWT authorizer trusts. */
  get issuerUrl(): string {
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** Where a machine client exchanges its credentials for an access token. */
  get tokenUrl(): string {
    return `${this.domain.baseUrl()}/oauth2/token`;
  }
}
