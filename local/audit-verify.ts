import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditRepository, type AuditSubject } from '../shared/entities/audit';
import { credentialRepository } from '../shared/entities/credential';
import { issuanceRepository } from '../shared/entities/issuance';
import { collectTrail } from '../shared/use-cases/audit';

/**
 * `npm run audit:verify -- --issuance <id>` (or `--credential <id>`): reads a record's audit trail
 * (a cohort row's starts with its chunk's event) and checks the hash chains. Against the local
 * cloud by default (.local/outputs.json); against a
 * deployment with `--table <name> --region <region>` and the usual AWS credentials.
 * Exits 1 when the chain is broken, naming the first broken event.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // Node 20 here; Lambda runs 22

const { values } = parseArgs({
  options: {
    issuance: { type: 'string' },
    credential: { type: 'string' },
    outputs: { type: 'string', default: '.local/outputs.json' },
    table: { type: 'string' },
    region: { type: 'string' },
  },
});
const subject: AuditSubject | undefined = values.issuance
  ? { type: 'issuance', id: values.issuance }
  : values.credential
    ? { type: 'credential', id: values.credential }
    : undefined;
if (!subject) {
  console.error('audit:verify: give --issuance <id> or --credential <id>');
  process.exit(2);
}
let table = values.table;
let client: DynamoDBClient;
if (table) {
  client = new DynamoDBClient(values.region ? { region: values.region } : {});
} else {
  const outputs = Object.values(JSON.parse(readFileSync(values.outputs!, 'utf8')) as Record<string, { TableName: string; DynamoDbEndpoint: string }>)[0]!;
  table = outputs.TableName;
  client = new DynamoDBClient({ endpoint: outputs.DynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
}
const db = DynamoDBDocumentClient.from(client);
// The same reading as the API's: a cohort row's trail starts with its chunk's event.
const { events, chain: check } = await collectTrail(
  { audit: auditRepository(db, table), issuances: issuanceRepository(db, table), credentials: credentialRepository(db, table) },
  subject,
);
if (events.length === 0) {
  console.error(`no audit trail for ${subject.type} ${subject.id}`);
  process.exit(1);
}
for (const e of events) {
  const from = e.subject.type === subject.type ? '' : ` (${e.subject.type} ${e.subject.id})`;
  console.log(`${String(e.seq).padStart(3)} ${e.at} ${e.actor.name.padEnd(18)} ${e.action}${from}${e.reason ? ` — ${e.reason}` : ''}`);
}
console.log(check.valid ? `chain intact: ${check.length} events` : `CHAIN BROKEN: ${check.problem}`);
process.exit(check.valid ? 0 : 1);
