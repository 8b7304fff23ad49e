import { setup } from 'xstate';
import type { KeyName } from './device-profile.js';
import type { PhoneContext, PhoneEmitted, PhoneEvent, PhoneInput, SoftkeyId } from './phone-types.js';

/**
 * The phone chart's types and the guards every region reads keys with. Regions kept in
 * their own files extend this setup with their named actions, guards and delays, and
 * phone-machine.ts extends the last of them.
 */
export const phoneSetup = setup({
  types: {
    context: {} as PhoneContext,
    events: {} as PhoneEvent,
    input: {} as PhoneInput,
    emitted: {} as PhoneEmitted,
  },
}).extend({
  guards: {
    keyIs: ({ event }, params: { keys: readonly KeyName[] }) => event.type === 'key.press' && params.keys.includes(event.key),
    softkeyIs: ({ event }, params: { ids: readonly SoftkeyId[] }) => event.type === 'softkey.press' && params.ids.includes(event.id),
  },
});

/** Guard references that keep their literal types inside and() / not(). */
export const pressed = (...keys: KeyName[]) => ({ type: 'keyIs' as const, params: { keys } });
export const softkey = (...ids: SoftkeyId[]) => ({ type: 'softkeyIs' as const, params: { ids } });

export const digitKeys: readonly KeyName[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const dialKeys: readonly KeyName[] = [...digitKeys, '*', '#'];
