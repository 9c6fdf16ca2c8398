import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

const build = (context: Record<string, unknown> = {}) => buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });

/** An institution's own sender and homepage. */
const OWN_NAMES = { 'laurel:senderEmail': 'badges@laurel-university.ac.uk', 'laurel:institutionUrl': 'https://www.laurel-university.ac.uk' };
/** Settings an institution would deploy: its own names, and its own public domain (certificate in us-east-1). */
const REAL = {
  ...OWN_NAMES,
  'laurel:publicDomainName': 'badges.laurel-university.ac.uk',
  'laurel:publicCertificateArn': 'arn:aws:acm:us-east-1:111122223333:certificate/abcd-1234',
};

const refusals = (t: Template): string[] => {
  const rule = t.toJSON().Rules?.LaurelRefusesDeployment as { Assertions: { AssertDescription: string }[] } | undefined;
  return rule?.Assertions.map((a) => a.AssertDescription) ?? [];
};

describe('deployments that would not last are refused by CloudFormation, synthesis still works', () => {
  it('refuses the sample example.edu settings in every stack, with an always-false rule naming what to set', () => {
    const { stack, stacks } = build();
    expect(stacks).toHaveLength(3);
    for (const s of stacks) {
      const t = Template.fromStack(s);
      const template = t.toJSON();
      // The assertion compares a parameter that can only be 'no' with 'yes': it always fails.
      expect(template.Parameters.LaurelDeployable).toMatchObject({ Type: 'String', Default: 'no', AllowedValues: ['no'] });
      for (const a of template.Rules.LaurelRefusesDeployment.Assertions) expect(a.Assert).toEqual({ 'Fn::Equals': [{ Ref: 'LaurelDeployable' }, 'yes'] });
      const why = refusals(t);
      expect(why).toEqual([
        expect.stringMatching(/^Laurel refuses this deployment: no public domain name \(laurel:publicDomainName \+ laurel:publicCertificateArn\)/),
        expect.stringMatching(/laurel:senderEmail badges@example\.edu is at a reserved example domain/),
        expect.stringMatching(/laurel:institutionUrl https:\/\/www\.example\.edu is under a reserved example name/),
      ]);
      for (const w of why) expect(w).toMatch(/laurel:trialDeployment=true/);
    }
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('not deployable.*no public domain name.*laurel:trialDeployment=true'));
  });

  it('deploys with a real domain and certificate, sender and homepage: no rule, no warning', () => {
    const { stack, stacks } = build(REAL);
    for (const s of stacks) {
      expect(Template.fromStack(s).toJSON().Rules?.LaurelRefusesDeployment).toBeUndefined();
      expect(Template.fromStack(s).toJSON().Parameters?.LaurelDeployable).toBeUndefined();
    }
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('deployable|laurel:trialDeployment'));
  });

  it('counts an operator’s own https front door (laurel:publicBaseUrl) as durable, but not a hostname AWS generated', () => {
    const own = OWN_NAMES;
    expect(refusals(Template.fromStack(build({ ...own, 'laurel:publicBaseUrl': 'https://credentials.laurel-university.ac.uk/' }).stack))).toEqual([]);
    expect(refusals(Template.fromStack(build({ ...own, 'laurel:publicBaseUrl': 'https://d111111abcdef8.cloudfront.net/' }).stack))).toEqual([
      expect.stringMatching(/laurel:publicBaseUrl https:\/\/d111111abcdef8\.cloudfront\.net\/ is a hostname AWS generated/),
    ]);
    expect(refusals(Template.fromStack(build({ ...own, 'laurel:publicBaseUrl': 'https://badges.university.test/' }).stack))).toEqual([
      expect.stringMatching(/laurel:publicBaseUrl https:\/\/badges\.university\.test\/ is under a reserved example name/),
    ]);
  });

  it('refuses a reserved name given as the public domain, sender or homepage', () => {
    for (const domain of ['badges.example.edu', 'badges.example.com', 'example.org', 'badges.university.example', 'badges.university.invalid', 'badges.localhost']) {
      expect(refusals(Template.fromStack(build({ ...REAL, 'laurel:publicDomainName': domain }).stack)), domain).toEqual([
        expect.stringContaining(`laurel:publicDomainName ${domain} is a reserved example name`),
      ]);
    }
    expect(refusals(Template.fromStack(build({ ...REAL, 'laurel:senderEmail': 'badges@mail.example.net' }).stack))).toEqual([
      expect.stringContaining('laurel:senderEmail badges@mail.example.net is at a reserved example domain'),
    ]);
    expect(refusals(Template.fromStack(build({ ...REAL, 'laurel:institutionUrl': 'https://www.university.test' }).stack))).toEqual([
      expect.stringContaining('laurel:institutionUrl https://www.university.test is under a reserved example name'),
    ]);
    // Only the reserved names themselves: a domain that merely contains "example" is someone's.
    expect(refusals(Template.fromStack(build({ ...REAL, 'laurel:publicDomainName': 'badges.myexample.com' }).stack))).toEqual([]);
  });

  it('deploys a trial when asked (laurel:trialDeployment), and every synthesis warns that its credentials stop verifying with the stack', () => {
    const { stack, stacks } = build({ 'laurel:trialDeployment': 'true' });
    for (const s of stacks) expect(Template.fromStack(s).toJSON().Rules?.LaurelRefusesDeployment).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('laurel:trialDeployment is set.*Credentials issued by this stack will stop verifying when it is deleted'));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('not deployable'));
    // A trial on a real domain but the sample sender: no "stop verifying", the sender is named.
    const mailOnly = build({ ...REAL, 'laurel:senderEmail': 'badges@example.edu', 'laurel:trialDeployment': true }).stack;
    Annotations.fromStack(mailOnly).hasWarning('*', Match.stringLikeRegexp('laurel:trialDeployment is set.*laurel:senderEmail badges@example.edu'));
    Annotations.fromStack(mailOnly).hasNoWarning('*', Match.stringLikeRegexp('stop verifying'));
  });

  it('still synthesizes the local cloud’s template (no CDN, sample settings): the rule is there, the resources too', () => {
    const { stack, state } = build({ 'laurel:cdn': false });
    for (const s of [stack, state]) expect(refusals(Template.fromStack(s))).toHaveLength(3);
    Template.fromStack(state).resourceCountIs('AWS::DynamoDB::Table', 1);
  });
});
