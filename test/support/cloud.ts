import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { AdminClient } from '../../local/admin-client';
import { mintToken } from '../../local/identity-provider';

/** Handles on the shared local cloud for integration tests. */
export function localCloud() {
  const { outputs, identity } = inject('cloud');
  return {
    outputs,
    /** An admin API client acting as `user` with the given roles. */
    as: async (user: string, roles: string[]) => new AdminClient(outputs.AdminApiUrl, await mintToken(identity, user, roles)),
    token: (user: string, roles: string[], ttlSeconds?: number) => mintToken(identity, user, roles, ttlSeconds),
    /** Direct table access, to assert what is stored (not only what the API shows). */
    table: DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: outputs.DynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
    ),
    mail: async () => ((await (await fetch(`${outputs.MailboxUrl}/store`)).json()) as { emails: Email[] }).emails,
    events: async () => (await (await fetch(outputs.EventsUrl)).json()) as { 'detail-type': string; source: string; detail: any }[],
    /**
     * Defines an auto-approved achievement (fresh id; `achievement` adds or overrides fields) and
     * requests it with `request`; resolves with the issuance once it has ended.
     */
    async issueAuto(user: string, achievement: Record<string, unknown>, request: Record<string, unknown>) {
      const staff = await this.as(user, ['designer', 'issuer']);
      const achievementId = uniqueId('auto');
      await staff.request('POST', '/achievements', { id: achievementId, approval: { mode: 'auto' }, ...achievement });
      const { body } = await staff.request('POST', '/issuances', { achievementId, ...request });
      return staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
    },
    /** Events are put by the workflow's last step, a moment after a status is visible: poll. */
    async eventsFor(issuanceId: string, count = 1, timeoutMs = 10_000) {
      const started = Date.now();
      for (;;) {
        const events = (await this.events()).filter((e) => e.detail.issuanceId === issuanceId);
        if (events.length >= count || Date.now() - started > timeoutMs) return events;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

export interface Email {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

let counter = 0;
/** A unique slug per test, so tests sharing the cloud never collide. */
/**
 * How long a test's verifier waits for a document from the local cloud. The first request to a
 * function there imports its sources in a fresh worker (seconds while other test files run), so
 * a test allows more than a verifier's 5 s default: what it checks is the answer, not its speed.
 */
export const LOCAL_FETCH_TIMEOUT_MS = 30_000;

export const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

/**
 * Points the production adapters (shared/aws/clients, the settings parsed at import) at the local
 * cloud, for tests that call the workflow's use cases in this process: the environment a
 * function there gets, with `extra` for what only some functions have. Set it before importing
 * the deps modules: they read it once.
 */
export function useLocalAdapters(outputs: ReturnType<typeof localCloud>['outputs'], extra: Record<string, string> = {}) {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: outputs.DynamoDbEndpoint,
    AWS_ENDPOINT_URL_S3: outputs.S3Endpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_ENDPOINT_URL_KMS: outputs.KmsEndpoint,
    AWS_ENDPOINT_URL_SESV2: outputs.MailboxUrl,
    AWS_ENDPOINT_URL_EVENTBRIDGE: outputs.EventBridgeEndpoint,
    AWS_ENDPOINT_URL_SQS: outputs.SqsEndpoint,
    AWS_ENDPOINT_URL_LAMBDA: outputs.LambdaEndpoint,
    TABLE_NAME: outputs.TableName,
    BUCKET_NAME: outputs.BucketName,
    ARCHIVE_BUCKET_NAME: outputs.ArchiveBucketName,
    AUDIT_WRITER_FUNCTION: outputs.AuditWriterFunction,
    SIGNING_KEY_ARN: outputs.SigningKeyArn,
    LEARNER_KEY_ARN: outputs.LearnerKeyArn,
    EVENT_BUS_NAME: 'test-bus',
    SENDER_EMAIL: 'badges@example.edu',
    CONFIGURATION_SET: 'test',
    ISSUER_ID: 'main',
    INSTITUTION_NAME: 'Example University',
    INSTITUTION_URL: 'https://www.example.edu',
    PUBLIC_BASE_URL: outputs.PublicApiUrl,
    ...extra,
  });
}
