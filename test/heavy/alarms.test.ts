import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { synthDeployment } from '../support/deployment';

// Issue #17, section 5: alarms to an SNS topic (infra/constructs/operations-alarms.ts). CloudWatch
// and SNS have no stand-in in the local cloud: these template assertions are all that runs here.

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, unknown> };
type MetricQuery = { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] }; Stat: string } };

/** In the stack's region: CloudWatch notifies topics of its own region only. */
const TOPIC_ARN = `arn:aws:sns:${process.env.CDK_DEFAULT_REGION ?? 'eu-west-1'}:123456789012:ops-alarms`;
const EMAIL = 'ops@university.example.org';

let template: Template;
let alarms: Resource[];

const resources = (t: Template, type: string) => t.findResources(type) as Record<string, Resource>;
const ref = (id: string) => ({ Ref: id });
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
/** The queries of a metric-math alarm, or none. */
const queries = (alarm: Resource): MetricQuery[] => alarm.Properties.Metrics ?? [];
const usesMetric = (alarm: Resource, metricName: string, dimension: { Name: string; Value: unknown }) =>
  queries(alarm).some((q) => q.MetricStat?.Metric.MetricName === metricName && q.MetricStat.Metric.Dimensions?.some((d) => JSON.stringify(d) === JSON.stringify(dimension)));

/** Every queue something sends its failures to: a queue's redrive policy, a function's or a rule target's dead-letter config. */
function deadLetterQueues(t: Template): string[] {
  const found = new Set<string>();
  const add = (target: unknown) => {
    const id = (target as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
    if (id) found.add(id);
  };
  for (const q of Object.values(resources(t, 'AWS::SQS::Queue'))) add(q.Properties?.RedrivePolicy?.deadLetterTargetArn);
  for (const f of Object.values(resources(t, 'AWS::Lambda::Function'))) add(f.Properties?.DeadLetterConfig?.TargetArn);
  for (const r of Object.values(resources(t, 'AWS::Events::Rule'))) for (const target of r.Properties?.Targets ?? []) add(target.DeadLetterConfig?.Arn);
  return [...found];
}

beforeAll(() => {
  ({ template } = synthDeployment({ 'laurel:alarmEmail': EMAIL }));
  alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm'));
});

describe('operations alarms', () => {
  it('alarms on every dead-letter queue as soon as it holds a message', () => {
    const queues = deadLetterQueues(template);
    // SES feedback and CredentialIssued for pathways (each the function's and the rule's), cohort emails, the reminder sweep (the schedule's and the function's),
    // and connected systems' (issue #21): the webhook fan-out's and delivery queue's, the Canvas Live Events queue's, and CompletionRecorded's (the function's and the rule's).
    expect(queues).toHaveLength(8);
    for (const queue of queues) {
      const depth = alarms.filter(
        (a) =>
          a.Properties.Namespace === 'AWS/SQS' &&
          a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: getAtt(queue, 'QueueName') }]),
      );
      expect(depth, queue).toHaveLength(1);
      expect(depth[0]!.Properties).toMatchObject({ Statistic: 'Maximum', Period: 300, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1 });
    }
  });

  it('alarms on each HTTP API’s 5xx rate, by metric math safe from a division by zero, over three periods', () => {
    const apis = Object.entries(resources(template, 'AWS::ApiGatewayV2::Api')).filter(([, api]) => api.Properties.ProtocolType === 'HTTP');
    expect(apis).toHaveLength(2);
    for (const [id] of apis) {
      const rate = alarms.filter((a) => usesMetric(a, '5xx', { Name: 'ApiId', Value: ref(id) }));
      expect(rate, id).toHaveLength(1);
      const alarm = rate[0]!;
      expect(usesMetric(alarm, 'Count', { Name: 'ApiId', Value: ref(id) })).toBe(true);
      const expression = queries(alarm).find((q) => q.Expression)!;
      expect(expression.Expression).toMatch(/^IF\(requests > 0, 100 \* errors \/ requests, 0\)$/);
      for (const q of queries(alarm).filter((q) => q.MetricStat)) expect(q.MetricStat!.Stat).toBe('Sum');
      expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    }
  });

  it('alarms on every state machine’s failed or timed-out executions', () => {
    const machines = Object.keys(resources(template, 'AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(2);
    for (const id of machines) {
      const dimension = { Name: 'StateMachineArn', Value: ref(id) };
      const failed = alarms.filter((a) => usesMetric(a, 'ExecutionsFailed', dimension));
      expect(failed, id).toHaveLength(1);
      expect(usesMetric(failed[0]!, 'ExecutionsTimedOut', dimension)).toBe(true);
      expect(failed[0]!.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1 });
    }
  });

  it('alarms when the account’s SES bounce rate reaches 5% (a fraction: 0.05), where SES puts it under review', () => {
    const bounce = alarms.filter((a) => a.Properties.Namespace === 'AWS/SES' && a.Properties.MetricName === 'Reputation.BounceRate');
    expect(bounce).toHaveLength(1);
    expect(bounce[0]!.Properties).toMatchObject({ Threshold: 0.05, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Statistic: 'Maximum' });
    expect(bounce[0]!.Properties.AlarmDescription).toMatch(/under review.*10%.*pause/);
  });

  it('sends every alarm, and its recovery, to the one topic, and tells the operator what to do', () => {
    const topics = Object.keys(resources(template, 'AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    // Nine, and issue #21's five: three for webhooks out (two dead-letter queues, dead deliveries), one each for Canvas's and CompletionRecorded's dead letters.
    expect(alarms).toHaveLength(14);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([ref(topics[0]!)]);
      expect(alarm.Properties.OKActions).toEqual([ref(topics[0]!)]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
      expect(alarm.Properties.AlarmName).toMatch(/^Laurel-[A-Za-z0-9]+$/);
      expect(JSON.stringify(alarm.Properties.AlarmDescription)).toContain('What to do');
    }
    template.hasOutput('AlarmTopicArn', { Value: ref(topics[0]!) });
  });

  it('keeps the topic TLS-only and lets this account’s CloudWatch alarms publish to it', () => {
    const [topic] = Object.keys(resources(template, 'AWS::SNS::Topic'));
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(topic!)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('subscribes laurel:alarmEmail to the topic', () => {
    const [topic] = Object.keys(resources(template, 'AWS::SNS::Topic'));
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: EMAIL, TopicArn: ref(topic!) });
  });

  it('with laurel:alarmTopicArn, creates no topic and notifies the given one', () => {
    const { template: own, resourcesPerStack } = synthDeployment({ 'laurel:alarmTopicArn': TOPIC_ARN });
    own.resourceCountIs('AWS::SNS::Topic', 0);
    own.resourceCountIs('AWS::SNS::TopicPolicy', 0);
    own.resourceCountIs('AWS::SNS::Subscription', 0);
    const given = Object.values(resources(own, 'AWS::CloudWatch::Alarm'));
    expect(given).toHaveLength(14);
    for (const alarm of given) expect([alarm.Properties.AlarmActions, alarm.Properties.OKActions]).toEqual([[TOPIC_ARN], [TOPIC_ARN]]);
    own.hasOutput('AlarmTopicArn', { Value: TOPIC_ARN });
    console.log(`Laurel stack with laurel:alarmTopicArn: ${resourcesPerStack.Laurel} resources (of 500)`);
  });

  it('refuses a laurel:alarmTopicArn that is not an SNS topic ARN, and alarmEmail beside it', () => {
    const build = (context: Record<string, unknown>) => () => buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
    expect(build({ 'laurel:alarmTopicArn': 'arn:aws:sqs:eu-west-1:123456789012:ops-alarms' })).toThrow(/laurel:alarmTopicArn/);
    expect(build({ 'laurel:alarmTopicArn': 'ops-alarms' })).toThrow(/laurel:alarmTopicArn/);
    expect(build({ 'laurel:alarmEmail': 'nobody' })).toThrow(/laurel:alarmEmail/);
    expect(build({ 'laurel:alarmTopicArn': TOPIC_ARN, 'laurel:alarmEmail': EMAIL })).toThrow(/laurel:alarmEmail/);
  });

  it('refuses a laurel:alarmTopicArn in another region than the stack’s', () => {
    const region = process.env.CDK_DEFAULT_REGION;
    process.env.CDK_DEFAULT_REGION = 'eu-central-1';
    try {
      expect(() => buildApp({ context: { 'aws:cdk:bundling-stacks': [], 'laurel:alarmTopicArn': 'arn:aws:sns:us-east-1:123456789012:ops-alarms' } })).toThrow(
        /laurel:alarmTopicArn: the topic is in us-east-1, the stack in eu-central-1/,
      );
    } finally {
      if (region === undefined) delete process.env.CDK_DEFAULT_REGION;
      else process.env.CDK_DEFAULT_REGION = region;
    }
  });
});
