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
});
