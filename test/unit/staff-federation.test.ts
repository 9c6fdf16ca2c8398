import { describe, expect, it } from 'vitest';
import { federatedProviderOf, parseIdpGroups, tokenGroups, type GroupMappings } from '../../shared/domain/staff-federation';

/**
 * A federated person's roles come from their identity provider's groups, by the deployment's
 * mapping (shared/domain/staff-federation.ts), in the user pool's pre-token-generation trigger
 * (functions/staff/map-federated-groups.ts), run here with the event Cognito sends.
 */

const MAPPINGS: GroupMappings = {
  Campus: { 'CN=Registry,OU=Staff,DC=university,DC=ac,DC=uk': ['registrar'], 'credentialing-office': ['issuer', 'designer'], nursing: ['approver', 'assessor'] },
  Partner: { auditors: ['auditor'] },
};
const POOL = 'eu-west-2_abc123';
const identities = (providerName: string, providerType = 'SAML') => JSON.stringify([{ userId: 'jdoe@university.ac.uk', providerName, providerType, issuer: null, primary: 'true', dateCreated: '1733400000000' }]);

describe('the groups an identity provider sends', () => {
  it('reads the forms Cognito stores: a SAML list, an OIDC JSON array, one value', () => {
    expect(parseIdpGroups('[credentialing-office, nursing]')).toEqual(['credentialing-office', 'nursing']);
    expect(parseIdpGroups('["credentialing-office","nursing"]')).toEqual(['credentialing-office', 'nursing']);
    expect(parseIdpGroups('nursing')).toEqual(['nursing']);
    expect(parseIdpGroups(undefined)).toEqual([]);
    expect(parseIdpGroups('  ')).toEqual([]);
    expect(parseIdpGroups('[]')).toEqual([]);
  });

  it('keeps an LDAP name whole: commas inside a name, ", " between names', () => {
    expect(parseIdpGroups('[CN=Registry,OU=Staff,DC=university,DC=ac,DC=uk, nursing]')).toEqual(['CN=Registry,OU=Staff,DC=university,DC=ac,DC=uk', 'nursing']);
    expect(parseIdpGroups('CN=Registry,OU=Staff')).toEqual(['CN=Registry,OU=Staff']);
  });

  it('reads no more than the attribute can hold, in linear time', () => {
    const huge = `[${Array.from({ length: 200_000 }, (_, i) => `g${i}`).join(', ')}]`;
    const started = performance.now();
    const groups = parseIdpGroups(huge);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(groups.join(', ').length).toBeLessThanOrEqual(2048);
  });

  it('names the provider from Cognito\'s identities attribute, and no provider for the pool\'s own users', () => {
    expect(federatedProviderOf(identities('Campus'))).toBe('Campus');
    expect(federatedProviderOf(undefined)).toBeUndefined();
    expect(federatedProviderOf('not json')).toBeUndefined();
    expect(federatedProviderOf('[]')).toBeUndefined();
  });
});

describe('the groups a token carries', () => {
  it('grants what the mapping says for a federated user\'s groups, and nothing for unmapped ones', () => {
    const groups = tokenGroups(MAPPINGS, { userAttributes: { identities: identities('Campus'), 'custom:idp_groups': '[credentialing-office, library, nursing]' }, poolGroups: [], userPoolId: POOL });
    expect(groups).toEqual(['approver', 'assessor', 'designer', 'issuer']);
  });

  it('keeps the pool groups an administrator assigned, federated or not', () => {
    expect(tokenGroups(MAPPINGS, { userAttributes: { identities: identities('Partner', 'OIDC'), 'custom:idp_groups': '["auditors"]' }, poolGroups: ['admin'], userPoolId: POOL })).toEqual(['admin', 'auditor']);
    expect(tokenGroups(MAPPINGS, { userAttributes: { email: 'ada@university.ac.uk' }, poolGroups: ['registrar'], userPoolId: POOL })).toEqual(['registrar']);
  });

  it('ignores the attribute for the pool\'s own users (who could write it themselves) and for providers without a mapping', () => {
    expect(tokenGroups(MAPPINGS, { userAttributes: { 'custom:idp_groups': '[credentialing-office]' }, poolGroups: [], userPoolId: POOL })).toEqual([]);
    expect(tokenGroups(MAPPINGS, { userAttributes: { identities: identities('Elsewhere'), 'custom:idp_groups': '[credentialing-office]' }, poolGroups: [], userPoolId: POOL })).toEqual([]);
  });

  it('is not fooled by group names that are properties of every object', () => {
    expect(tokenGroups(MAPPINGS, { userAttributes: { identities: identities('Campus'), 'custom:idp_groups': '[constructor, __proto__, toString, hasOwnProperty]' }, poolGroups: [], userPoolId: POOL })).toEqual([]);
  });
});

describe('the pre-token-generation trigger', () => {
  it('overrides the groups of both tokens and keeps the raw groups out of the ID token', async () => {
    process.env.GROUP_MAPPINGS = JSON.stringify(MAPPINGS);
    const { handler } = await import('../../functions/staff/map-federated-groups');
    // A version 1 event as Cognito sends it for a hosted-UI sign-in through a SAML provider.
    const event = {
      version: '1',
      triggerSource: 'TokenGeneration_HostedAuth',
      region: 'eu-west-2',
      userPoolId: 'eu-west-2_abc123',
      userName: 'Campus_jdoe@university.ac.uk',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'console-client' },
      request: {
        userAttributes: { sub: '6f1c-…', identities: identities('Campus'), email: 'jdoe@university.ac.uk', 'custom:idp_groups': '[CN=Registry,OU=Staff,DC=university,DC=ac,DC=uk, nursing]' },
        // Cognito puts every federated user in a group of the provider's own, which grants nothing: it is dropped.
        groupConfiguration: { groupsToOverride: ['eu-west-2_abc123_Campus'], iamRolesToOverride: [], preferredRole: null },
      },
      response: { claimsOverrideDetails: null },
    };
    const answer = await handler(event as never);
    expect(answer.response.claimsOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: ['approver', 'assessor', 'registrar'] },
      claimsToSuppress: ['custom:idp_groups'],
    });
  });

  it('refuses to start with a mapping that is not JSON of the right shape', async () => {
    const { loadSettings } = await import('../../shared/wiring/bindings');
    const { MapFederatedGroupsFn } = await import('../../shared/wiring/staff');
    expect(() => loadSettings(MapFederatedGroupsFn, { GROUP_MAPPINGS: '{nope' })).toThrow(/GROUP_MAPPINGS: not JSON/);
    expect(() => loadSettings(MapFederatedGroupsFn, { GROUP_MAPPINGS: '{"Campus":{"staff":"registrar"}}' })).toThrow(/GROUP_MAPPINGS/);
  });
});
