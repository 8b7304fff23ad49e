import { assign, enqueueActions, setup } from 'xstate';
import { phoneTypes, type RegionActions } from '../phone-setup.js';
import { updateLoopWarningId } from '../update-loop.js';
import { policyAfter, policyGuards } from './policy-events.js';

/** What the server tells the phone while it is connected: settings, policy, when to check. */
export const connectionActions = {
  storeServerSettings: assign({
    server: ({ event, context }) => (event.type === 'server.connected' ? event.settings : context.server),
    policy: ({ event, context }) => policyAfter(context, event),
  }),
  storePolicy: assign({ policy: ({ event, context }) => policyAfter(context, event) }),
  storeNextCheck: assign({
    update: ({ event, context }) =>
      (event.type === 'server.updateOffered' || event.type === 'server.noUpdate') && event.nextCheckMs !== undefined
        ? { ...context.update, nextCheckMs: event.nextCheckMs }
        : context.update,
  }),
  // The server hears of the last install once it is connected; the phone keeps it until then, across restarts too.
  reportInstall: enqueueActions(({ context, enqueue }) => {
    const { justInstalled: installed, rolledBack } = context.update;
    if (installed || rolledBack) enqueue.emit({ type: 'update.resultDue' as const, firmware: context.firmware, installed, rolledBack });
  }),
  forgetInstall: assign({ update: ({ context }) => ({ ...context.update, justInstalled: null, rolledBack: null }) }),
  forgetUpdateLoop: assign({
    update: ({ context }) => ({ ...context.update, installHistory: [] }),
    warnings: ({ context }) => context.warnings.filter((warning) => warning.id !== updateLoopWarningId),
  }),
} satisfies RegionActions;

const connectionSetup = setup({ types: phoneTypes, actions: connectionActions, guards: policyGuards });

export const connectionRegion = connectionSetup.createStateConfig({
  initial: 'offline',
  states: {
    offline: { on: { 'server.connected': { target: 'online', actions: ['storeServerSettings', 'reportInstall', 'forgetInstall'] } } },
    online: {
      on: {
        'server.disconnected': 'offline',
        'server.policyChanged': [
          { guard: 'policyStopsUpdates', actions: ['storePolicy', 'forgetUpdateLoop'] },
          { actions: 'storePolicy' },
        ],
        'server.updateOffered': { actions: 'storeNextCheck' },
        'server.noUpdate': { actions: 'storeNextCheck' },
      },
    },
  },
});
