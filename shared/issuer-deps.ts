import { dynamo } from './aws/dynamo';
import { kms } from './aws/kms';
import { kmsKeyVault } from './adapters/kms-key-vault';
import { s3Archive } from './adapters/s3-archive';
import { s3Objects } from './aws/s3-objects';
import { credentialRepository } from './entities/credential';
import { issuerRepository } from './entities/issuer';
import { issuerKeyRepository } from './entities/issuer-key';
import { loadSettings, type Wiring } from './wiring/bindings';
import { loadIssuerSettings, type IssuerKeyVariables } from './wiring/variables';
import type { IssuerDeps } from './use-cases/issuers';
import { systemClock } from './clock';
import { currentSigner } from './use-cases/signing-key';

/** Adapters for the issuer and key-management handlers. */
export function issuerDeps(wiring: Wiring<IssuerKeyVariables>): IssuerDeps {
  const config = loadSettings(wiring);
  const db = dynamo();
  return {
    issuers: issuerRepository(db, config.TABLE_NAME),
    keys: issuerKeyRepository(db, config.TABLE_NAME),
    credentials: credentialRepository(db, config.TABLE_NAME),
    keyVault: kmsKeyVault(kms(), config.KEY_TAG),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    vcJwt: Boolean(config.VC_JWT_KEY_ARN),
    defaultIssuer: loadIssuerSettings(config),
    archive: s3Archive(s3Objects(config.ARCHIVE_BUCKET_NAME)),
    clock: systemClock,
  };
}

/** The issuer's current signer, read at each signature (a rotation takes effect at once): what every function that reissues or signs a copy uses. */
export function issuerSigner(config: { TABLE_NAME: string; PUBLIC_BASE_URL: string }) {
  const keyDeps = { keys: issuerKeyRepository(dynamo(), config.TABLE_NAME), keyVault: kmsKeyVault(kms()), publicBaseUrl: config.PUBLIC_BASE_URL, clock: systemClock };
  return async (issuerId: string) => (await currentSigner(keyDeps, issuerId)).signer;
}
