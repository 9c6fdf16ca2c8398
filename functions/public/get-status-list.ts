import * as z from '../../shared/zod';
import { STATUS_PURPOSES } from '../../shared/credentials/status-list';
import { statusListRepository } from '../../shared/entities/status-list';
import { dynamo } from '../../shared/aws/dynamo';
import { httpHandler } from '../../shared/http/http-handler';
import { cloudFrontOrigin } from '../../shared/http/origin-check';
import { getStatusListDocument } from '../../shared/use-cases/status-lists';
import { loadSettings } from '../../shared/wiring/bindings';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';

const config = loadSettings(PUBLIC_FUNCTIONS.GetStatusList);
const deps = { lists: statusListRepository(dynamo(), config.TABLE_NAME) };
const path = z.strictObject({
  issuerId: z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'not a valid issuer id')),
  purpose: z.enum(STATUS_PURPOSES),
  listNo: z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000)),
});

/** Revocations show within max-age (5 minutes) at any cache in front of this route. */
export const handler = httpHandler({ origin: cloudFrontOrigin(PUBLIC_FUNCTIONS.GetStatusList), params: path }, async ({ params }) => ({
  status: 200,
  raw: true,
  body: await getStatusListDocument(deps, params.issuerId, params.purpose, params.listNo),
  headers: { 'content-type': 'application/ld+json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
}));
