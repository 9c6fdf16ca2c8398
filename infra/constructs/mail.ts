import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

/** SESv2 sender identity and the configuration set every credential email goes through. */
export class Mail extends Construct implements Provider<Accesses['mail']> {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: { senderEmail: string }) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    // Bounces, complaints and deliveries go to EventBridge (SES sends them to the default bus),
    // where a rule hands them to the DeliveryFeedback function.
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.DELIVERY],
    });
    this.identity = new EmailIdentity(this, 'Sender', {
      identity: Identity.email(props.senderEmail),
      configurationSet: this.configurationSet,
    });
    this.senderEmail = props.senderEmail;
  }

  readonly senderEmail: string;

  grantSend(grantee: IGrantable) {
    const stack = Stack.of(this);
    this.identity.grantSendEmail(grantee);
    // SESv2 also authorizes the configuration set named in the request.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
      }),
    );
  }

  environment(): Record<string, string> {
    return { SENDER_EMAIL: this.senderEmail, CONFIGURATION_SET: this.configurationSet.configurationSetName };
  }

  grant(grantee: IGrantable, _access: Accesses['mail']) {
    this.grantSend(grantee);
  }
}
