import { startLocalCloud } from './cloud';

/** `npm start`: the local cloud, until Ctrl-C. */
const cloud = await startLocalCloud({ verbose: process.argv.includes('--verbose') });
const o = cloud.outputs;
console.log(`Laurel local cloud is up (outputs in .local/outputs.json)
  Public API     ${o.PublicApiUrl}
  Admin API      ${o.AdminApiUrl}   (token: npm run token -- --user alice --groups issuer,approver)
  Staff console  ${o.ConsoleUrl}   (sign in as any demo user: the local identity provider has no passwords)
  Mailbox        ${o.MailboxUrl}
  Domain events  ${o.EventsUrl}
  Function logs  .local/logs/functions.log
Ctrl-C stops it.`);
const shutdown = async () => {
  await cloud.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
