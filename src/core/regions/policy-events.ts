import type { PhonePolicy } from '../policies.js';
import type { RegionGuards } from '../phone-setup.js';
import type { PhoneContext, PhoneEvent } from '../phone-types.js';

/** The policy in force once this event is taken: a welcome or a push carries a new one. */
export function policyAfter(context: PhoneContext, event: PhoneEvent): PhonePolicy {
  if (event.type === 'server.policyChanged') return event.policy;
  if (event.type === 'server.connected') return event.policy ?? context.policy;
  return context.policy;
}

/** A pushed policy, as the connection (which stores it) and the update region (which stops) both read it. */
export const policyGuards = {
  policyStopsUpdates: ({ event }) => event.type === 'server.policyChanged' && !event.policy.EnableDeviceUpdate,
} satisfies RegionGuards;
