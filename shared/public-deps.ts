import { dynamo } from './aws/dynamo';
import { s3Objects } from './aws/s3-objects';
import { s3Artifacts } from './adapters/s3-artifacts';
import { credentialRepository } from './entities/credential';
import { issuerKeyRepository } from './entities/issuer-key';
import { issuerRepository } from './entities/issuer';
import { loadSettings, type Wiring } from './wiring/bindings';
import { loadIssuerSettings, type PublicDocumentVariables } from './wiring/variables';
import type { PublicDeps } from './use-cases/public-documents';
import { statusListRepository } from './entities/status-list';
import type { VerificationDeps } from './use-cases/verification';
import { systemClock } from './clock';
import { directoryEntryRepository } from './entities/directory-entry';
import type { DirectoryDeps } from './use-cases/directory';

/**
 * Adapters for the public API's read-only handlers. Verifying what others present (POST /verify)
 * is wired in presented-deps.ts: this module imports no verifier, so the document routes (issuer
 * profile, keys) load without JSON-LD and the schema validator.
 */
export function publicDeps(wiring: Wiring<PublicDocumentVariables>): PublicDeps {
  const config = loadSettings(wiring);
  const db = dynamo();
  return {
    credentials: credentialRepository(db, config.TABLE_NAME),
    keys: issuerKeyRepository(db, config.TABLE_NAME),
    issuers: issuerRepository(db, config.TABLE_NAME),
    artifacts: s3Artifacts(s3Objects(config.BUCKET_NAME ?? '')),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    issuer: loadIssuerSettings(config),
  };
}

/** The public adapters plus status lists, for verifying what this deployment issued. */
export function verificationDeps(wiring: Wiring<PublicDocumentVariables>): VerificationDeps {
  const config = loadSettings(wiring);
  return { ...publicDeps(wiring), lists: statusListRepository(dynamo(), config.TABLE_NAME), clock: systemClock };
}

/** Path parameters of public routes are validated like the admin API's. */
export { idPath as publicIdPath } from './api/schemas';

/** The public directory's adapters: its entries, the credentials they name, the issuers; no bucket, no KMS. */
export function directoryDeps(config: { TABLE_NAME: string; PUBLIC_BASE_URL: string } & Parameters<typeof loadIssuerSettings>[0]): DirectoryDeps {
  const db = dynamo();
  return {
    issuers: issuerRepository(db, config.TABLE_NAME),
    defaultIssuer: loadIssuerSettings(config),
    directory: directoryEntryRepository(db, config.TABLE_NAME),
    credentials: credentialRepository(db, config.TABLE_NAME),
    clock: systemClock,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  };
}
