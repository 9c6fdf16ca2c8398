import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { ACKNOWLEDGEMENTS } from '../../infra/nag-acknowledgements';

/**
 * Issue #17, section 6: cdk-nag 3 (AwsSolutions and Serverless packs, through CDK's Validations
 * API) on the whole app, as `cdk synth` runs it. No finding may be left unacknowledged, and each
 * acknowledgement must still cover something (a stale one would hide the next finding of its rule).
 */
describe('cdk-nag', () => {
  it('leaves no finding unacknowledged, and every acknowledgement covers a finding', () => {
    // With the VC-JWT key too, so that its grants are checked as well.
    // And an alarm email, so that the subscription's acknowledgement is checked too.
    const { app, nag } = buildApp({ context: { 'aws:cdk:bundling-stacks': [], 'laurel:vcJwt': true, 'laurel:alarmEmail': 'ops@university.example.org' }, nag: true });
    let failure: unknown;
    try {
      app.synth();
    } catch (e) {
      failure = e;
    }
    const findings = nag!.flatMap((pack) => pack.findings);
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
