import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, SCOPE_PREFIX } from '../../shared/http/auth';

/** The OAuth resource server's identifier: machine scopes are `laurel/<role>`. */
export const RESOURCE_SERVER = SCOPE_PREFIX;

/**
 * Staff sign in with a Cognito user pool; each role is a group, and the group claim in the
 * token is what the admin handlers check. Systems (the SIS, the LMS) use a machine client with
 * the client-credentials flow; each scope `laurel/<role>` grants that role.
 */
export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly machineClient: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: { machineRoles?: readonly string[] } = {}) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12, requireSymbols: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Laurel role: ${role}`,
      });
    }
    // The CLI: SRP for people; a password flow is left off (SRP never sends the password).
    this.client = this.userPool.addClient('StaffCli', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      generateSecret: false,
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
