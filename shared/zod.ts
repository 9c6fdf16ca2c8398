/**
 * The zod every Lambda bundles: zod/mini, the tree-shakable build of the same zod 4 core. The
 * classic build puts about 90 KB in every bundle and 25 ms in every cold start whatever a function
 * uses (each schema carries every method; npm run bench:cold-start), mini about 15 KB and 6 ms.
 * Mini sets no locale, so without the English one every message would read "Invalid input":
 * import z from here, never from 'zod/mini' directly.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

export * from 'zod/mini';
/**
 * Core classes a value test needs (instanceof). Reached through `z.core`, they would make the
 * bundler keep the whole core namespace, every locale included: 400 KB.
 */
export { $ZodDefault, $ZodError } from 'zod/v4/core';
