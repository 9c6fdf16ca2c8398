import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { ACKNOWLEDGEMENTS } from '../../infra/nag-acknowledgements';

/**
 * Issue #17, section 6: cdk-nag 3 (AwsSolutions and Serverless packs, through CDK's Validations
 * API) on the whole app, as `cdk synth` runs it. No finding may be left unacknowledged, and each
 * acknowledgement must still cover something (a stale one would hide the next finding of its rule).
 */
/** Synthesizes with the packs, in the environment given (CDK reads it as `cdk synth` sets it), and returns their findings. */
function synthWithNag(env: { CDK_DEFAULT_ACCOUNT?: string; CDK_DEFAULT_REGION?: string }) {
  const saved = { CDK_DEFAULT_ACCOUNT: process.env.CDK_DEFAULT_ACCOUNT, CDK_DEFAULT_REGION: process.env.CDK_DEFAULT_REGION };
  Object.assign(process.env, env);
  for (const k of ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'] as const) if (env[k] === undefined) delete process.env[k];
  try {
    // With the VC-JWT key too, so that its grants are checked as well, an alarm email, so that
    // the subscription's acknowledgement is checked too, and federated identity providers, so
    // that their trigger is.
    const identityProviders = [
      { type: 'saml', name: 'Campus', metadataUrl: 'https://login.university.example.org/metadata.xml', roles: { registry: ['registrar'] } },
      { type: 'oidc', name: 'Partner', issuerUrl: 'https://idp.partner.example.org', clientId: 'laurel', clientSecretName: 'laurel/partner-idp', roles: { auditors: ['auditor'] } },
    ];
    const context = { 'aws:cdk:bundling-stacks': [], 'laurel:vcJwt': true, 'laurel:alarmEmail': 'ops@university.example.org', 'laurel:staffIdentityProviders': identityProviders };
    const { app, nag } = buildApp({ context, nag: true });
    let failure: unknown;
    try {
      app.synth();
    } catch (e) {
      failure = e;
    }
    return { findings: nag!.flatMap((pack) => pack.findings), failure };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

describe('cdk-nag', () => {
  // An environment left to deploy time prints pseudo parameters in ARNs; `cdk synth` in a
  // configured shell prints the region and account themselves (CI's synth found that out).
  it.each([
    ['an environment left to deploy time', {}],
    ['a known account and region', { CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'eu-west-1' }],
  ])('leaves no finding unacknowledged in %s, and every acknowledgement covers a finding', (_name, env) => {
    const { findings, failure } = synthWithNag(env);
    const open = findings.filter((f) => !f.acknowledgement).map((f) => `${f.severity} ${f.rule} at ${f.path}`);
    const counts = (severity: string) => findings.filter((f) => f.severity === severity).length;
    console.log(
      `cdk-nag: ${counts('error')} errors and ${counts('warning')} warnings found, ${findings.length - open.length} acknowledged by ${ACKNOWLEDGEMENTS.length} entries, ${open.length} open\n` +
        ACKNOWLEDGEMENTS.map((a) => `  ${findings.filter((f) => f.acknowledgement === a).length} × ${a.rule.source}`).join('\n'),
    );
    expect(open).toEqual([]);
    expect(failure).toBeUndefined();
    for (const a of ACKNOWLEDGEMENTS) expect(findings.some((f) => f.acknowledgement === a), `unused acknowledgement ${a.rule.source}`).toBe(true);
  });
});
