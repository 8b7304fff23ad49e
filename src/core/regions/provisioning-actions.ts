import { assign } from 'xstate';
import type { RegionActions } from '../phone-setup.js';
import { withProvisioned, withProvisioningProblem } from '../provisioned.js';

/** What the phone does with a read of its provisioning server, in any state: apply the configuration, report the problem. */
export const provisioningActions = {
  applyProvisioningRead: assign(({ context, event }) => {
    if (event.type !== 'provisioning.read') return {};
    const warnings = withProvisioningProblem(context.warnings, event.problem, event.problemCount);
    return event.config ? { ...withProvisioned(context, event.config), warnings } : { warnings };
  }),
} satisfies RegionActions;
