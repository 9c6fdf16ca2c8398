import { Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** SESv2 sender identity and the configuration set every credential email goes through. */
export class Mail extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: { senderEmail: string }) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
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
}
