/**
 * Metadata on the template's resources, so whoever reads the synthesized template (the local
 * cloud, the template tests) finds a resource by what it is, not by its logical id or its place
 * in the template. No CDK import here: the local cloud reads these keys without loading the CDK.
 */

/** On each of our functions: its handler's source file, which the local cloud runs. */
export const ENTRY_METADATA = 'laurel:entry';

/**
 * On a function that reads files at run time (fonts, a WebAssembly module): those copied beside
 * its bundle, as `[{ from, to }]` (from the project root; to, relative to the bundle).
 */
export const ASSETS_METADATA = 'laurel:assets';

/** On each of our state machines: which workflow it is. */
export const STATE_MACHINE_METADATA = 'laurel:stateMachine';

export const STATE_MACHINE_ROLES = ['issuance', 'batch'] as const;
export type StateMachineRole = (typeof STATE_MACHINE_ROLES)[number];

/** On the bucket of signed credentials, evidence, images and cohort files (beside it: its access-log bucket). */
export const ARTIFACT_BUCKET_METADATA = 'laurel:artifacts';
