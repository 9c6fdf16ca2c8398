import { s3 } from '../aws/s3';
import { s3JsonLines } from '../adapters/s3-json-lines';
import type { BatchWorkflowDeps } from '../use-cases/batch-workflow';

/**
 * The validated rows and problems files (S3, multipart upload): the validation step's alone.
 * A module of its own because lib-storage needs the SDK's S3 client, whose package registers
 * every S3 schema on import (about 75 KB): only the function that imports this carries it.
 */
export const batchJsonLines = (config: { BUCKET_NAME: string }): Pick<BatchWorkflowDeps, 'jsonLines'> => ({ jsonLines: s3JsonLines(s3(), config.BUCKET_NAME) });
