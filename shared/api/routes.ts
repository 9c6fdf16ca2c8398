import * as routes from './admin-routes';

export { ALL_STAFF, type RouteDef } from './route-def';

/**
 * Every admin route by name, in the order of the OpenAPI document (shared/api/admin-routes.ts
 * defines them): for what walks them all — the OpenAPI document, the CDK app's routes, the
 * role-matrix and malformed-request tests. A handler needs only its own:
 * `import * as ADMIN_ROUTES from '../../shared/api/admin-routes'` keeps `ADMIN_ROUTES.getIssuance`
 * as it reads and bundles that route alone, where importing this object bundles, and builds at
 * cold start, all 62.
 */
export const ADMIN_ROUTES = {
  createAchievement: routes.createAchievement,
  listAchievements: routes.listAchievements,
  getAchievement: routes.getAchievement,
  updateAchievement: routes.updateAchievement,
  archiveAchievement: routes.archiveAchievement,
  restoreAchievement: routes.restoreAchievement,
  previewAchievement: routes.previewAchievement,
  listAchievementVersions: routes.listAchievementVersions,
  compareAchievementVersions: routes.compareAchievementVersions,
  uploadAchievementImage: routes.uploadAchievementImage,
  createPathway: routes.createPathway,
  listPathways: routes.listPathways,
  getPathway: routes.getPathway,
  updatePathway: routes.updatePathway,
  getPathwayProgress: routes.getPathwayProgress,
  listPathwayAwards: routes.listPathwayAwards,
  createIssuer: routes.createIssuer,
  listIssuers: routes.listIssuers,
  getIssuer: routes.getIssuer,
  updateIssuer: routes.updateIssuer,
  listIssuerKeys: routes.listIssuerKeys,
  rotateIssuerKey: routes.rotateIssuerKey,
  compromiseIssuerKey: routes.compromiseIssuerKey,
  listKeyCredentials: routes.listKeyCredentials,
  createIssuance: routes.createIssuance,
  renewCredential: routes.renewCredential,
  correctCredential: routes.correctCredential,
  listIssuances: routes.listIssuances,
  getIssuance: routes.getIssuance,
  approveIssuance: routes.approveIssuance,
  rejectIssuance: routes.rejectIssuance,
  requestException: routes.requestException,
  retryIssuance: routes.retryIssuance,
  cancelIssuance: routes.cancelIssuance,
  listPendingApprovals: routes.listPendingApprovals,
  createEvidenceUpload: routes.createEvidenceUpload,
  getIssuanceAudit: routes.getIssuanceAudit,
  getEvidencePack: routes.getEvidencePack,
  listCredentials: routes.listCredentials,
  searchCredentials: routes.searchCredentials,
  getCredential: routes.getCredential,
  revokeCredential: routes.revokeCredential,
  suspendCredential: routes.suspendCredential,
  reinstateCredential: routes.reinstateCredential,
  changeCredentialStatuses: routes.changeCredentialStatuses,
  resendCredential: routes.resendCredential,
  changeDeliveryAddress: routes.changeDeliveryAddress,
  getCredentialAudit: routes.getCredentialAudit,
  eraseLearner: routes.eraseLearner,
  getErasure: routes.getErasure,
  continueErasure: routes.continueErasure,
  createBatch: routes.createBatch,
  submitBatch: routes.submitBatch,
  listBatches: routes.listBatches,
  getBatch: routes.getBatch,
  getBatchReport: routes.getBatchReport,
  startBatch: routes.startBatch,
  approveBatch: routes.approveBatch,
  rejectBatch: routes.rejectBatch,
  cancelBatch: routes.cancelBatch,
  retryBatch: routes.retryBatch,
  getBatchTemplate: routes.getBatchTemplate,
  getReport: routes.getReport,
  getOpenApi: routes.getOpenApi,
} as const;

export type AdminRouteName = keyof typeof ADMIN_ROUTES;
