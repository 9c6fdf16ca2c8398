import type { TestProject } from 'vitest/node';
import { startLocalCloud, type LocalCloud, type LocalOutputs } from '../local/cloud';
import type { IdentityState } from '../local/identity-provider';

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: { outputs: LocalOutputs; identity: IdentityState };
  }
}

/**
 * One local cloud for the whole run, on ports no developer's `npm start` uses. Retries are
 * scaled down (1 s → 10 ms) so failure paths finish quickly; everything else is as in AWS.
 */
export default async function setup(project: TestProject) {
  let cloud: LocalCloud | undefined;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5 && !cloud; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 4_000) * 10;
    try {
      // The optional VC-JWT format is on, so the tests cover both credential forms; the SES rate is
      // a sandbox-free account's, so cohort tests do not wait on the 14/s default.
      // LAUREL_TEST_STATE_DIR lets a second run on the same machine keep its own buckets and mail.
      cloud = await startLocalCloud({ port, stateDir: process.env.LAUREL_TEST_STATE_DIR ?? '.local/test', retryScale: 0.01, context: { 'laurel:vcJwt': true, 'laurel:sesSendRate': 200 } });
    } catch (e) {
      lastError = e;
      if (!String((e as Error).message).includes('in use')) throw e;
    }
  }
  if (!cloud) throw lastError;
  project.provide('cloud', { outputs: cloud.outputs, identity: cloud.identity });
  return async () => {
    await cloud.stop();
  };
}
