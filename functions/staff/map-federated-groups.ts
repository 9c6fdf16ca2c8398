import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { IDP_GROUPS_ATTRIBUTE, tokenGroups } from '../../shared/domain/staff-federation';
import { loadSettings } from '../../shared/wiring/bindings';
import * as STAFF_FUNCTIONS from '../../shared/wiring/staff';

/**
 * The staff user pool's pre-token-generation trigger (version 1, which every feature plan has):
 * the token's `cognito:groups`, in the ID and the access token alike, become the pool groups
 * an administrator assigned and the roles the deployment's mapping grants for the groups the
 * user's identity provider sent. The provider's raw groups stay out of the ID token: they can be
 * long, and they say more about a person than Laurel needs. Nothing about the user is logged.
 */
const config = loadSettings(STAFF_FUNCTIONS.MapFederatedGroupsFn);

export const handler = async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
  const groups = tokenGroups(config.GROUP_MAPPINGS, {
    userAttributes: event.request.userAttributes,
    poolGroups: event.request.groupConfiguration.groupsToOverride ?? [],
    userPoolId: event.userPoolId,
  });
  event.response = {
    claimsOverrideDetails: {
      groupOverrideDetails: { groupsToOverride: groups },
      claimsToSuppress: [IDP_GROUPS_ATTRIBUTE],
    },
  };
  return event;
};
