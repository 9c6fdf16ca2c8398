import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

/** The stateful stack, where the user pool lives. */
const synth = (context: Record<string, unknown> = {}) => Template.fromStack(buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } }).state);

/** The people's app client: the one without a secret (the machine client has one). */
function staffClient(t: Template) {
  const clients = Object.values(t.findResources('AWS::Cognito::UserPoolClient'));
  const staff = clients.filter((c) => !c.Properties.GenerateSecret);
  expect(staff).toHaveLength(1);
  return staff[0]!.Properties as Record<string, any>;
}

describe('staff sign-in', () => {
  it('has no OAuth flow, no callback URL and no implicit flow by default: SRP only', () => {
    const client = staffClient(synth());
    expect(client.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.AllowedOAuthFlows).toBeUndefined();
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.CallbackURLs).toBeUndefined();
    expect(JSON.stringify(client)).not.toMatch(/implicit|example\.com/);
  });

  it('offers the authorization code flow only, back to the configured URLs, with no secret', () => {
    const client = staffClient(
      synth({
        // From `-c`, a list arrives as one comma-separated string.
        'laurel:staffCallbackUrls': 'https://console.badges.university.ac.uk/callback,http://localhost:5173/callback',
        'laurel:staffLogoutUrls': ['https://console.badges.university.ac.uk/'],
      }),
    );
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.CallbackURLs).toEqual(['https://console.badges.university.ac.uk/callback', 'http://localhost:5173/callback']);
    expect(client.LogoutURLs).toEqual(['https://console.badges.university.ac.uk/']);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.GenerateSecret).toBeFalsy();
    expect(JSON.stringify(client)).not.toContain('implicit');
  });

  it('refuses a callback URL over plain http (but to localhost), with a fragment, or sign-out URLs without sign-in', () => {
    const build = (context: Record<string, unknown>) => () => buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
    expect(build({ 'laurel:staffCallbackUrls': ['http://console.university.ac.uk/callback'] })).toThrow(/laurel:staffCallbackUrls\.0: an https URL \(http only for http:\/\/localhost\)/);
    expect(build({ 'laurel:staffCallbackUrls': ['https://console.university.ac.uk/#/callback'] })).toThrow(/laurel:staffCallbackUrls\.0: .*without a #fragment/);
    expect(build({ 'laurel:staffLogoutUrls': ['https://console.university.ac.uk/'] })).toThrow(/laurel:staffLogoutUrls: sign-out URLs need the sign-in flow/);
  });

  it('requires MFA with an authenticator app (TOTP, never SMS); optional only by the setting', () => {
    const required = synth().findResources('AWS::Cognito::UserPool');
    expect(Object.values(required)).toHaveLength(1);
    expect(Object.values(required)[0]!.Properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    const optional = Object.values(synth({ 'laurel:staffMfa': 'optional' }).findResources('AWS::Cognito::UserPool'))[0]!.Properties;
    expect(optional).toMatchObject({ MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    expect(() => buildApp({ context: { 'aws:cdk:bundling-stacks': [], 'laurel:staffMfa': 'off' } })).toThrow(/laurel:staffMfa/);
  });

  describe('federation with the institution\'s identity providers', () => {
    const providers = [
      {
        type: 'saml',
        name: 'Campus',
        metadataUrl: 'https://login.university.ac.uk/federationmetadata/2007-06/federationmetadata.xml',
        identifiers: ['university.ac.uk'],
        roles: { 'CN=Registry,OU=Staff,DC=university,DC=ac,DC=uk': ['registrar'], 'credentialing-office': ['issuer', 'designer'], nursing: ['approver', 'assessor'] },
      },
      { type: 'oidc', name: 'Partner-College', issuerUrl: 'https://idp.partner.ac.uk', clientId: 'laurel', clientSecretName: 'laurel/partner-idp', roles: { auditors: ['auditor'] } },
    ];
    const federated = () =>
      synth({
        'laurel:staffCallbackUrls': ['https://console.university.ac.uk/callback'],
        'laurel:staffIdentityProviders': providers,
      });

    it('adds each provider with its email and groups mapped into the pool, and offers them at sign-in', () => {
      const t = federated();
      const idps = Object.values(t.findResources('AWS::Cognito::UserPoolIdentityProvider')).map((r) => r.Properties);
      expect(idps).toHaveLength(2);
      const saml = idps.find((p) => p.ProviderType === 'SAML')!;
      expect(saml).toMatchObject({
        ProviderName: 'Campus',
        ProviderDetails: { MetadataURL: providers[0]!.metadataUrl },
        IdpIdentifiers: ['university.ac.uk'],
        AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'custom:idp_groups': 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups' },
      });
      const oidc = idps.find((p) => p.ProviderType === 'OIDC')!;
      expect(oidc).toMatchObject({ ProviderName: 'Partner-College', AttributeMapping: { email: 'email', 'custom:idp_groups': 'groups' } });
      // The client secret is a dynamic reference CloudFormation resolves: never in the template.
      expect(JSON.stringify(oidc.ProviderDetails.client_secret)).toContain('{{resolve:secretsmanager:laurel/partner-idp:SecretString:::}}');
      expect(oidc.ProviderDetails).toMatchObject({ client_id: 'laurel', oidc_issuer: 'https://idp.partner.ac.uk', authorize_scopes: 'openid email profile', attributes_request_method: 'GET' });
      expect(staffClient(t).SupportedIdentityProviders).toEqual(['COGNITO', 'Campus', 'Partner-College']);
      const pool = Object.values(t.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
      expect(pool.Schema).toContainEqual(expect.objectContaining({ Name: 'idp_groups', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '2048' } }));
    });

    it('maps groups to roles in a pre-token-generation trigger that knows the mapping and nothing else', () => {
      const t = federated();
      const pool = Object.values(t.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
      expect(pool.LambdaConfig.PreTokenGeneration).toBeDefined();
      const fns = Object.entries(t.findResources('AWS::Lambda::Function')).filter(([, f]) => f.Metadata?.['laurel:entry'] === 'functions/staff/map-federated-groups.ts');
      expect(fns).toHaveLength(1);
      const [id, fn] = fns[0]!;
      expect(JSON.stringify(pool.LambdaConfig.PreTokenGeneration)).toContain(id);
      const env = fn.Properties.Environment.Variables;
      expect(JSON.parse(env.GROUP_MAPPINGS)).toEqual({ Campus: providers[0]!.roles, 'Partner-College': providers[1]!.roles });
      // Its role writes its own logs and traces: no table, bucket, key or secret.
      const role = fn.Properties.Role['Fn::GetAtt'][0];
      const statements = Object.values(t.findResources('AWS::IAM::Policy'))
        .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement);
      // (Every role also carries the deployment's deny of key administration.)
      const actions = statements.filter((st: { Effect: string }) => st.Effect === 'Allow').flatMap((st: { Action: string | string[] }) => [st.Action].flat());
      expect(actions.filter((a: string) => !/^(logs|xray):/.test(a))).toEqual([]);
      // Cognito, from this pool alone, may invoke it.
      const permission = Object.values(t.findResources('AWS::Lambda::Permission')).find((p) => JSON.stringify(p.Properties.FunctionName).includes(id))!;
      expect(permission.Properties.Principal).toBe('cognito-idp.amazonaws.com');
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain('UserPool');
    });

    it('has no trigger without a provider: no token waits for a function it does not need', () => {
      const pool = Object.values(synth().findResources('AWS::Cognito::UserPool'))[0]!.Properties;
      expect(pool.LambdaConfig).toBeUndefined();
      expect(synth().findResources('AWS::Cognito::UserPoolIdentityProvider')).toEqual({});
    });

    it('refuses a provider without a mapping, with a name Cognito refuses, twice the same name, or plain-http metadata', () => {
      const build = (list: unknown[]) => () => buildApp({ context: { 'aws:cdk:bundling-stacks': [], 'laurel:staffIdentityProviders': list } });
      const saml = providers[0]!;
      expect(build([{ ...saml, roles: {} }])).toThrow(/laurel:staffIdentityProviders\.0\.roles: map at least one/);
      expect(build([{ ...saml, roles: { staff: ['Registrar'] } }])).toThrow(/laurel:staffIdentityProviders\.0\.roles\.staff\.0: a role/);
      expect(build([{ ...saml, name: 'Campus_IdP' }])).toThrow(/laurel:staffIdentityProviders\.0\.name: 3 to 32/);
      expect(build([{ ...saml, name: 'Google' }])).toThrow(/a name Cognito reserves/);
      expect(build([saml, saml])).toThrow(/laurel:staffIdentityProviders: each identity provider needs a name of its own/);
      expect(build([{ ...saml, metadataUrl: 'http://login.university.ac.uk/metadata.xml' }])).toThrow(/laurel:staffIdentityProviders\.0\.metadataUrl/);
      expect(build([{ type: 'oidc', name: 'Partner', issuerUrl: 'https://idp.partner.ac.uk', clientId: 'x', roles: { a: ['auditor'] } }])).toThrow(/clientSecretName/);
    });
  });
});
