import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { PermanentError } from '../errors';
import type { Mailer } from '../ports';

/** The Mailer port on SES v2, from one sender, through the configuration set that reports feedback. */
export function sesMailer(ses: Pick<SESv2Client, 'send'>, settings: { sender: string; configurationSet: string }): Mailer {
  return {
    async send(email) {
      const { MessageId } = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: settings.sender,
          Destination: { ToAddresses: [email.to] },
          ConfigurationSetName: settings.configurationSet,
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
            },
          },
          EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      if (!MessageId) throw new PermanentError('SES accepted the email but returned no message id');
      return { messageId: MessageId };
    },
  };
}
