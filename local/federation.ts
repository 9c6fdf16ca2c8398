import { IDP_GROUPS_ATTRIBUTE } from '../shared/domain/staff-federation';

/**
 * Federation, locally: the local cloud's template federates one demo identity provider, as an
 * institution's settings would (laurel:staffIdentityProviders), and the local identity provider's
 * sign-in page stands in for that provider's own sign-in: you say who you are there and which
 * groups its directory sends. From there on it is what Cognito does: the groups land in the
 * user's attributes in the form Cognito stores them, and the user pool's pre-token-generation
 * trigger, the same handler as in AWS, run by the local Lambda runtime, makes the token's groups.
 */

/** The demo provider: a university's SAML directory, with a mapping like an institution's. */
export const DEMO_IDENTITY_PROVIDERS = [
  {
    type: 'saml',
    name: 'Campus',
    // Never fetched locally: the sign-in page stands in for the provider.
    metadataUrl: 'https://login.example.edu/federationmetadata/2007-06/federationmetadata.xml',
    roles: {
      registry: ['registrar'],
      'credentialing-office': ['issuer', 'designer'],
      'nursing-faculty': ['approver', 'assessor'],
      'programme-leads': ['approver', 'programme-lead'],
      'internal-audit': ['auditor'],
    },
  },
];

/** A provider the template federates: its name and kind (AWS::Cognito::UserPoolIdentityProvider). */
export interface FederatedProvider {
  name: string;
  type: 'SAML' | 'OIDC';
  /** Its groups → roles, as the trigger's GROUP_MAPPINGS says: shown on the sign-in page. */
  mapping?: Record<string, string[]>;
}

/** Cognito's user pool trigger, as the local identity provider calls it (local/wire.ts sets it). */
export interface IdentityHooks {
  preTokenGeneration?: (event: unknown) => Promise<unknown>;
}

/** Who signed in and what the pool knows of them: a pool user's groups, or a federated user's attributes. */
export interface SignedInUser {
  user: string;
  /** The pool groups (for a pool user, the roles ticked on the sign-in page). */
  groups: string[];
  attributes?: Record<string, string>;
}

/**
 * A federated user as Cognito records one: named `<provider>_<user>`, with the `identities`
 * attribute only Cognito writes, and the groups in the form Cognito stores a multi-valued SAML
 * attribute (`[a, b]`) or an OIDC array claim (JSON).
 */
export function federatedUser(provider: FederatedProvider, user: string, idpGroups: string[], poolId: string): SignedInUser {
  const groups = provider.type === 'SAML' ? (idpGroups.length === 1 ? idpGroups[0]! : `[${idpGroups.join(', ')}]`) : JSON.stringify(idpGroups);
  const identities = JSON.stringify([{ userId: user, providerName: provider.name, providerType: provider.type, issuer: null, primary: 'true', dateCreated: String(Date.now()) }]);
  return {
    user: `${provider.name}_${user}`,
    // Cognito puts every federated user in a group named after the pool and the provider.
    groups: [`${poolId}_${provider.name}`],
    attributes: { identities, email: `${user}@staff.local`, ...(idpGroups.length ? { [IDP_GROUPS_ATTRIBUTE]: groups } : {}) },
  };
}

/** The groups a token carries: the pool's, or what the pre-token-generation trigger makes of them. */
export async function groupsForToken(hooks: IdentityHooks, signedIn: SignedInUser, clientId: string, poolId: string): Promise<string[]> {
  if (!hooks.preTokenGeneration) return signedIn.groups;
  const event = {
    version: '1',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'us-east-1',
    userPoolId: poolId,
    userName: signedIn.user,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
    request: { userAttributes: { ...signedIn.attributes }, groupConfiguration: { groupsToOverride: signedIn.groups, iamRolesToOverride: [], preferredRole: null } },
    response: { claimsOverrideDetails: null },
  };
  const answer = (await hooks.preTokenGeneration(event)) as { response?: { claimsOverrideDetails?: { groupOverrideDetails?: { groupsToOverride?: string[] } } | null } };
  return answer.response?.claimsOverrideDetails?.groupOverrideDetails?.groupsToOverride ?? signedIn.groups;
}
