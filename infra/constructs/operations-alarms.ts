import { Arn, ArnFormat, CfnOutput, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsAlarmsProps {
  /** The issuance workflow: its state machine, and the dead-letter queue of SES feedback. */
  workflow: { stateMachine: IStateMachine; feedbackDeadLetters: IQueue };
  /** Pathways: the dead-letter queue of CredentialIssued events their awards could not be decided on. */
  pathways: { deadLetters: IQueue };
  /**
   * Expiry reminders: the dead-letter queue of sweeps that failed every retry. Its alarm is made in
   * `scope` (the Lifecycle nested stack, beside the queue): this stack is at its resource budget.
   */
  reminders: { deadLetters: IQueue; scope: Construct };
  /** Cohort batches: the parent state machine, and the dead-letter queue of cohort emails. */
  batches: { stateMachine: IStateMachine; emailDeadLetters: IQueue; emailQueue: IQueue };
  /**
   * Events out (infra/constructs/webhook-deliveries.ts): the fan-out's and the delivery queue's
   * dead letters, and deliveries that ended DEAD. Its alarms are made in `scope` (the Integrations
   * nested stack, beside the queues), as the reminders' is.
   */
  webhooks?: { fanOutDeadLetters: IQueue; queueDeadLetters: IQueue; queue: IQueue; deadDeliveries: IMetric; scope: Construct };
  /** Canvas Live Events through SQS: the messages no Canvas source could take. Made in the Integrations nested stack, beside the queue. */
  canvas?: { deadLetters: IQueue; queue: IQueue; scope: Construct };
  /** CompletionRecorded on Laurel's bus: events the consumer could not read or attribute. Made in the Integrations nested stack, beside the queue. */
  completionEvents?: { deadLetters: IQueue; scope: Construct };
  publicApi: IHttpApi;
  adminApi: IHttpApi;
  /** laurel:alarmTopicArn: notify this topic instead of one of the stack's own. */
  topicArn?: string;
  /** laurel:alarmEmail: subscribed to the stack's own topic. */
  email?: string;
}

/** The period of every alarm but SES's: the finest these services' metrics are published at. */
const FIVE_MINUTES = Duration.minutes(5);

/**
 * Issue #17, section 5: what tells the people who run a deployment that something needs them.
 * Nine CloudWatch alarms, each notifying one SNS topic when it goes to ALARM and when it clears:
 *
 * - a dead-letter queue holds a message (SES feedback not recorded; cohort emails not sent; a
 *   CredentialIssued whose pathways could not be advanced; a daily reminder sweep that failed);
 * - an API answers more than 1% 5xx for 15 minutes (public, admin);
 * - a workflow execution failed or timed out (issuance, cohort batch);
 * - the account's SES bounce rate reaches 5%, where SES puts the account under review.
 *
 * Each alarm's description says what it means and what to do. Missing data is never a breach: no
 * traffic, no executions and an empty queue publish nothing.
 *
 * The topic is laurel:alarmTopicArn's, or one of the stack's own (TLS-only, laurel:alarmEmail
 * subscribed). That topic is not encrypted: CloudWatch cannot publish to a topic encrypted with
 * the AWS-managed key aws/sns (whose key policy does not let cloudwatch.amazonaws.com use it), so
 * encryption would take a customer-managed key with a policy for CloudWatch. Alarm notifications carry alarm names, metrics and
 * thresholds, never a learner's data. An operator who wants the topic encrypted brings one (with a
 * customer-managed key whose policy lets CloudWatch use it) as laurel:alarmTopicArn.
 */
/** The top-level stack a construct is deployed with, through any nested stacks. */
function deploymentStack(scope: Construct): Stack {
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack;
}

export class OperationsAlarms extends Construct {
  readonly topic: ITopic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    // The deployment's stack, also from a nested one: alarm names and the topic's output are the deployment's.
    const stack = deploymentStack(this);
    this.topic = props.topicArn ? importedTopic(this, props.topicArn) : this.ownTopic(props.email);
    new CfnOutput(stack, 'AlarmTopicArnOutput', { key: 'AlarmTopicArn', value: this.topic.topicArn, description: 'the SNS topic the operations alarms notify: subscribe to it' });
    const action = new SnsAction(this.topic);
    const alarm = (id: string, metric: IMetric, options: { threshold: number; comparison: ComparisonOperator; periods?: number; description: string; scope?: Construct }) => {
      const created = new Alarm(options.scope ?? this, id, {
        alarmName: `${stack.stackName}-${id}`,
        alarmDescription: options.description,
        metric,
        threshold: options.threshold,
        comparisonOperator: options.comparison,
        evaluationPeriods: options.periods ?? 1,
        datapointsToAlarm: options.periods ?? 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    // 1. Dead letters. A message lands there only once everything automatic has been tried, and it
    //    stays 14 days: one is enough to alarm, and the alarm clears when the queue is drained.
    const deadLetters = (id: string, queue: IQueue, description: string, scope?: Construct) =>
      alarm(id, queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES }), {
        ...(scope ? { scope } : {}),
        threshold: 1,
        comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description,
      });
    deadLetters(
      'FeedbackDeadLetters',
      props.workflow.feedbackDeadLetters,
      Fn.join('', [
        'SES feedback (a bounce, complaint or delivery) could not be recorded and waits in the queue ',
        props.workflow.feedbackDeadLetters.queueName,
        ': EventBridge could not invoke the DeliveryFeedback function, or the function failed on every retry. Until it is recorded, ' +
          'the credential shows the wrong delivery status (a bounced email looks sent, so nobody resends it). ' +
          "What to do: read the error in the DeliveryFeedback function's logs and fix its cause; then invoke the function with each message's body " +
          '(the SES event; recording it twice is harmless) and delete the message. Messages are kept 14 days.',
      ]),
    );
    deadLetters(
      'PathwayDeadLetters',
      props.pathways.deadLetters,
      Fn.join('', [
        'A CredentialIssued event could not advance its learner along their pathways and waits in the queue ',
        props.pathways.deadLetters.queueName,
        ': EventBridge could not invoke the AdvancePathways function, or the function failed on every retry. Until it runs, ' +
          'the learner may have completed a pathway without being awarded its achievement. ' +
          "What to do: read the error in the AdvancePathways function's logs and fix its cause; then invoke the function with each message's body " +
          '(the CredentialIssued event; running it twice is harmless, the award is made once) and delete the message. Messages are kept 14 days.',
      ]),
    );
    deadLetters(
      'ReminderDeadLetters',
      props.reminders.deadLetters,
      Fn.join('', [
        'A daily reminder sweep failed on every retry and waits in the queue ',
        props.reminders.deadLetters.queueName,
        ": some reminders or expiries due today were not carried out yet. The next day's sweep catches up on every due stop, sending only the latest reminder missed. " +
          "What to do: read the error in the SendDueReminders function's logs and fix its cause; to catch up now, invoke the function (any input: it sweeps what is due; " +
          'running it twice is harmless, each stop is leased) and delete the message. Messages are kept 14 days.',
      ]),
      props.reminders.scope,
    );
    deadLetters(
      'EmailDeadLetters',
      props.batches.emailDeadLetters,
      Fn.join('', [
        'Cohort credential emails failed ten delivery attempts and wait in the queue ',
        props.batches.emailDeadLetters.queueName,
        ': those credentials are issued, but their learners have not been told. ' +
          "What to do: read the error in the SendQueuedEmail function's logs (SES throttling, the sender identity no longer verified, " +
          'sending paused by SES) and fix its cause; then redrive the messages to the email queue (SQS console, the dead-letter queue, ' +
          'Start DLQ redrive, back to ',
        props.batches.emailQueue.queueName,
        '). Messages are kept 14 days.',
      ]),
    );

    if (props.webhooks) this.webhookAlarms(props.webhooks, deadLetters, alarm);
    if (props.canvas) {
      deadLetters(
        'CanvasLiveEventsDeadLetters',
        props.canvas.deadLetters,
        Fn.join('', [
          'Canvas Live Events failed five times and wait in the queue ',
          props.canvas.deadLetters.queueName,
          ': course completions Laurel could not read, or from a Canvas account no active Canvas source answers for. ' +
            "What to do: read the reason in the ConsumeCanvasLiveEvents function's logs (by message id); set up or enable the Canvas source, with its canvasRootAccountId; " +
            'then redrive the messages to ',
          props.canvas.queue.queueName,
          ' (SQS console, the dead-letter queue, Start DLQ redrive). A completion redriven twice is issued once. Messages are kept 14 days.',
        ]),
        props.canvas.scope,
      );
    }
    if (props.completionEvents) {
      deadLetters(
        'CompletionRecordedDeadLetters',
        props.completionEvents.deadLetters,
        Fn.join('', [
          'CompletionRecorded events failed every retry and wait in the queue ',
          props.completionEvents.deadLetters.queueName,
          ': completions put on Laurel\'s bus that are not a CompletionRecorded of version 1 (events/schemas/completion-recorded.v1.schema.json), ' +
            'or whose detail names no active completion source of kind eventbridge. ' +
            "What to do: read the reason in the ConsumeCompletionRecorded function's logs (by event id: they name the fields at fault, never their values); " +
            "fix the sender, or create or enable its source; then invoke the ConsumeCompletionRecorded function with each message's body " +
            '(the event; an event run twice is issued once) and delete the message. Messages are kept 14 days.',
        ]),
        props.completionEvents.scope,
      );
    }

    // 2. 5xx rate of each HTTP API, as a percentage of its requests, every 5 minutes. A serverless API
    //    answers 5xx only on a fault: a function's error, timeout or throttle, or the integration's.
    //    One bad period (a burst of cold starts, a deploy) passes without waking anyone; more than 1%
    //    for three periods in a row (15 minutes) does not pass by itself. A rate, not a count, so
    //    that a busy day does not alarm on the same few errors a quiet one would not; 1%, not more,
    //    so that one broken route among many still shows. No requests: 0, not a division by zero
    //    (and no data at all is not a breach).
    const serverErrorRate = (id: string, api: IHttpApi, name: string, who: string) =>
      alarm(
        id,
        new MathExpression({
          expression: 'IF(requests > 0, 100 * errors / requests, 0)',
          usingMetrics: { errors: api.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES }), requests: api.metricCount({ statistic: 'Sum', period: FIVE_MINUTES }) },
          period: FIVE_MINUTES,
          label: '5xx responses (% of requests)',
        }),
        {
          threshold: 1,
          comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
          periods: 3,
          description:
            `More than 1% of the ${name} API's requests answered 5xx in each of the last three 5-minute periods: ${who} are getting errors. ` +
            "What to do: find the failing route in the API's access log (status and route of each request), then read that route's function's logs " +
            'and its Errors and Throttles metrics (an error, a timeout, reserved concurrency too low). A recent deploy is the first suspect.',
        },
      );
    serverErrorRate('PublicApi5xxRate', props.publicApi, 'public', 'verifiers and learners opening or verifying credentials');
    serverErrorRate('AdminApi5xxRate', props.adminApi, 'admin', 'staff and connected systems (SIS, LMS) calling the admin API');

    // 3. Executions that failed or timed out. Not aborted ones: staff cancelling is StopExecution.
    //    Each is one learner's credential or one batch, so one is enough.
    const failedExecutions = (id: string, stateMachine: IStateMachine, description: string) =>
      alarm(
        id,
        new MathExpression({
          expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
          usingMetrics: { failed: stateMachine.metricFailed({ period: FIVE_MINUTES }), timedOut: stateMachine.metricTimedOut({ period: FIVE_MINUTES }) },
          period: FIVE_MINUTES,
          label: 'executions failed or timed out',
        }),
        { threshold: 1, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, description },
      );
    failedExecutions(
      'IssuanceFailed',
      props.workflow.stateMachine,
      'An issuance failed or timed out in the last 5 minutes: its credential was not issued, and the issuance is FAILED with the step, ' +
        'the error and its message (GET /issuances/{id}). What to do: open the failed execution in the Step Functions console (or the ' +
        "step's function's logs), fix the cause (keys, table, bucket, SES), then POST /issuances/{id}/retry. Many at once point to a shared cause.",
    );
    failedExecutions(
      'BatchFailed',
      props.batches.stateMachine,
      'A cohort batch failed or timed out in the last 5 minutes (validation, the issuing map, or recording its end failed): the batch is FAILED ' +
        '(GET /batches/{id}). Rows that fail one by one do not fail the batch; they are in its report. What to do: open the failed execution ' +
        'in the Step Functions console to see the state and error, fix the cause, then POST /batches/{id}/retry-failed (if issuing had begun) ' +
        'or submit the cohort again.',
    );

    // 4. SES's bounce rate, which SES itself acts on: an account at 5% is put under review, at 10%
    //    SES may pause its sending. A rolling rate over the account's recent sending, published as a
    //    fraction (0.05 = 5%) and not every minute: the highest value of each hour.
    alarm(
      'SesBounceRate',
      new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }),
      {
        threshold: 0.05,
        comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description:
          "The account's SES bounce rate in this region has reached 5% (the whole account's sending, not only Laurel's). At 5% SES puts the account " +
          'under review; at 10% it may pause sending, and then no credential email leaves. What to do: look at the bounced deliveries ' +
          "(credentials whose delivery is BOUNCED; the SES console's reputation metrics page), correct the learners' addresses at the source " +
          '(SIS, LMS, cohort files) before resending, and keep the account-level suppression list on.',
      },
    );
  }

  /** Webhook deliveries: the two dead-letter queues, and deliveries a subscriber never took (DEAD). */
  private webhookAlarms(
    w: NonNullable<OperationsAlarmsProps['webhooks']>,
    deadLetters: (id: string, queue: IQueue, description: string, scope?: Construct) => Alarm,
    alarm: (id: string, metric: IMetric, options: { threshold: number; comparison: ComparisonOperator; description: string; scope?: Construct }) => Alarm,
  ) {
    deadLetters(
      'WebhookFanOutDeadLetters',
      w.fanOutDeadLetters,
      Fn.join('', [
        'A domain event could not be offered to the webhook subscriptions and waits in the queue ',
        w.fanOutDeadLetters.queueName,
        ": EventBridge could not invoke the FanOutWebhooks function, or it failed on every retry. Until it runs, no subscriber (the SIS, the CRM) hears of it. " +
          "What to do: read the error in the FanOutWebhooks function's logs and fix its cause; then invoke the function with each message's body " +
          '(the event; running it twice is harmless, each delivery is made once) and delete the message. Messages are kept 14 days.',
      ]),
      w.scope,
    );
    deadLetters(
      'WebhookQueueDeadLetters',
      w.queueDeadLetters,
      Fn.join('', [
        'Webhook delivery attempts failed inside Laurel five times (the table, KMS or SQS, not the subscriber) and wait in the queue ',
        w.queueDeadLetters.queueName,
        ". What to do: read the error in the DeliverWebhooks function's logs and fix its cause; then redrive the messages to ",
        w.queue.queueName,
        ' (SQS console, Start DLQ redrive). Messages are kept 14 days.',
      ]),
      w.scope,
    );
    alarm('WebhookDeliveriesDead', w.deadDeliveries, {
      scope: w.scope,
      threshold: 1,
      comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description:
        'A webhook delivery was given up on (DEAD): its subscriber did not answer 2xx to eight attempts over about a day, or answered 410 Gone. (Deliveries of a subscription an admin disabled are PAUSED, not DEAD, and resume when it is enabled.) ' +
        "What to do: open the console's Subscriptions page, filter the subscription's deliveries by Dead, read the last answer; once the subscriber is fixed, Replay each.",
    });
  }

  /** The stack's own topic: TLS-only, and CloudWatch alarms of this account may publish to it. */
  private ownTopic(email: string | undefined): Topic {
    const stack = deploymentStack(this);
    const topic = new Topic(this, 'Topic', { displayName: `${stack.stackName} alarms`, enforceSSL: true });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: say who may publish.
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    if (email) topic.addSubscription(new EmailSubscription(email));
    return topic;
  }
}

/** laurel:alarmTopicArn's topic. CloudWatch notifies topics of its own region only. */
function importedTopic(scope: Construct, topicArn: string): ITopic {
  const region = Arn.split(topicArn, ArnFormat.NO_RESOURCE_NAME).region;
  const stackRegion = Stack.of(scope).region;
  if (!Token.isUnresolved(stackRegion) && region !== stackRegion) {
    throw new Error(`laurel:alarmTopicArn: the topic is in ${region}, the stack in ${stackRegion}: CloudWatch alarms notify topics of their own region`);
  }
  return Topic.fromTopicArn(scope, 'Topic', topicArn);
}
