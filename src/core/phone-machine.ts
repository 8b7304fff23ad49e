import { setup } from 'xstate';
import { callActions, callDelays, callGuards, callRegion } from './identity/call-region.js';
import { formActions, formGuards } from './identity/form-setup.js';
import { pinEntryActions, pinEntryGuards } from './identity/lock-pin-entry.js';
import { lockActions, lockDelays, lockGuards, lockRegion } from './identity/lock-region.js';
import { provisioningActions } from './regions/provisioning-actions.js';
import { pairingActions, pairingGuards, pairingRegion } from './identity/pairing-region.js';
import { signInActions, signInDelays, signInGuards, signInRegion } from './identity/sign-in-region.js';
import { initialContext } from './initial-context.js';
import { keyGuards, phoneTypes } from './phone-setup.js';
import { connectionActions, connectionRegion } from './regions/connection-region.js';
import { noticeActions, noticeDelays, noticeGuards, noticeRegion } from './regions/notice-region.js';
import { policyGuards } from './regions/policy-events.js';
import { booting, installing, powerActions, powerDelays, powerGuards, rebooting, rollingBack, runningEdges } from './regions/power-states.js';
import { factActions, factGuards } from './regions/region-facts.js';
import { uiActions, uiGuards, uiRegion } from './regions/ui-region.js';
import { updateActions, updateDelays, updateGuards, updateRegion } from './regions/update-region.js';

export { offersPopUp, popUpSetting } from './update-prompt.js';

/**
 * The chart shared by every vendor, composed once from its regions. Each region module
 * (core/regions/, core/identity/) holds its named actions, guards and delays and its state
 * config; they meet only here. Regions run side by side while the phone is up: connection,
 * ui (menus), update (check, offer, download), notice (transient text), signIn, lock, call,
 * pairing. Vendors differ by profile data (docs/decisions/0004-regions-composed-once.md).
 */
export const phoneMachine = setup({
  types: phoneTypes,
  actions: {
    ...factActions,
    ...formActions,
    ...pinEntryActions,
    ...powerActions,
    ...connectionActions,
    ...uiActions,
    ...updateActions,
    ...noticeActions,
    ...signInActions,
    ...lockActions,
    ...callActions,
    ...pairingActions,
    ...provisioningActions,
  },
  guards: {
    ...keyGuards,
    ...factGuards,
    ...formGuards,
    ...pinEntryGuards,
    ...policyGuards,
    ...powerGuards,
    ...uiGuards,
    ...updateGuards,
    ...noticeGuards,
    ...signInGuards,
    ...lockGuards,
    ...callGuards,
    ...pairingGuards,
  },
  delays: { ...powerDelays, ...updateDelays, ...noticeDelays, ...signInDelays, ...lockDelays, ...callDelays },
}).createMachine({
  id: 'phone',
  context: ({ input }) => initialContext(input),
  initial: 'booting',
  // What the provisioning server set is applied whenever the phone has read it, in any state.
  on: { 'provisioning.read': { actions: 'applyProvisioningRead' } },
  states: {
    booting,
    running: {
      type: 'parallel',
      ...runningEdges,
      states: {
        connection: connectionRegion,
        ui: uiRegion,
        update: updateRegion,
        signIn: signInRegion,
        lock: lockRegion,
        call: callRegion,
        pairing: pairingRegion,
        notice: noticeRegion,
      },
    },
    installing,
    rollingBack,
    rebooting,
  },
});

export type PhoneMachine = typeof phoneMachine;
