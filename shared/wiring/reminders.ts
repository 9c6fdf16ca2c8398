import { eventBus, mail, env, table, wiring } from './bindings';
import { audited, issuer } from './variables';

/**
 * Expiry reminders (infra/constructs/expiry-reminders.ts): the daily sweep reads the due
 * schedules and the credentials they name, emails the learner (with a fresh claim link), puts
 * CredentialExpiring and CredentialExpired on the bus, and records each stop.
 */
export const SendDueRemindersFn = /* @__PURE__ */ wiring('functions/reminders/send-due-reminders.ts', () => ({
  TABLE_NAME: table('readWrite'),
  SENDER_EMAIL: mail('send').as(env.email),
  CONFIGURATION_SET: mail(),
  EVENT_BUS_NAME: eventBus('put'),
  ...issuer(),
  ...audited(),
}));
