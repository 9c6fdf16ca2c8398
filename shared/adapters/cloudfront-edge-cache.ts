import { createInvalidation } from '../aws/cloudfront';
import type { EdgeCache } from '../ports';

/** The public CDN's cache: invalidations of the distribution; without one, nothing is cached to drop. */
export const cloudFrontEdgeCache = (distributionId: string | undefined): EdgeCache => ({
  invalidate: async (paths, reference) => {
    if (distributionId) await createInvalidation(distributionId, paths, reference);
  },
});
