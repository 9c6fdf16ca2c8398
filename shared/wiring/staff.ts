import * as z from '../zod';
import { setting, wiring } from './bindings';

/**
 * What the staff user pool invokes (infra/constructs/staff-identity.ts): its
 * pre-token-generation trigger, there only when the deployment federates an identity provider.
 * It reads no resource: the mapping is a setting, the user's attributes come in the event.
 */

/** GROUP_MAPPINGS: JSON, provider name → the provider's group → Laurel roles and approval roles. */
const groupMappings = z.pipe(
  z.string(),
  z.transform((value: string, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.issues.push({ code: 'custom', message: 'not JSON', input: value });
      return z.NEVER;
    }
  }),
);
const mappingShape = z.record(z.string(), z.record(z.string(), z.array(z.string())));

export const MapFederatedGroupsFn = /* @__PURE__ */ wiring('functions/staff/map-federated-groups.ts', () => ({
  GROUP_MAPPINGS: setting(z.pipe(groupMappings, mappingShape)),
}));
