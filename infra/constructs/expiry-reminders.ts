import { Duration, TimeZone } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as REMINDER_FUNCTIONS from '../../shared/wiring/reminders';
import type { LaurelFunction } from './laurel-function';
import { settingValues, wiredFunction, type Providers } from '../wiring';

export interface ExpiryRemindersProps {
  providers: Omit<Providers, 'setting'>;
  /** Settings the sweep declares: the default issuer and the public base URL. */
  settings: Record<string, string | undefined>;
  /** When the daily sweep runs, in the institution's time zone: reminders arrive in working hours. */
  hour?: number;
  timeZone?: string;
}

/**
 * Expiry reminders: one daily sweep over the due schedules (shared/use-cases/reminders.ts), run by
 * an EventBridge Scheduler schedule. Scheduler retries a failed invocation (the sweep is
 * idempotent: each stop is leased) and sends what it could not deliver to a dead-letter queue,
 * which the operations alarms watch; the next day's sweep catches up on anything missed.
 * It sits in the Lifecycle nested stack with the learner's renewal routes (infra/laurel-stack.ts).
 */
export class ExpiryReminders extends Construct {
  readonly sweepFn: LaurelFunction;
  readonly schedule: Schedule;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ExpiryRemindersProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.sweepFn = wiredFunction(this, 'SendDueRemindersFn', REMINDER_FUNCTIONS.SendDueRemindersFn, { ...props.providers, setting: settingValues(props.settings) } as Providers, {
      // A sweep works through the day's due stops; what it cannot finish, the next run does.
      timeout: Duration.minutes(15),
      memorySize: 512,
      // Scheduler invokes it asynchronously: an invocation that fails every retry lands here too.
      deadLetterQueue: this.deadLetters,
    });
    this.schedule = new Schedule(this, 'DailySweep', {
      description: 'Laurel: the daily sweep of expiry reminders',
      schedule: ScheduleExpression.cron({ minute: '0', hour: String(props.hour ?? 9), timeZone: TimeZone.of(props.timeZone ?? 'UTC') }),
      target: new LambdaInvoke(this.sweepFn, {
        input: ScheduleTargetInput.fromObject({ sweep: 'daily' }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetters,
      }),
    });
  }
}
