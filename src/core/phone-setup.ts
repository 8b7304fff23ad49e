import { type ActionFunction, type DelayConfig, type GuardPredicate } from 'xstate';
import type { KeyName } from './device-profile.js';
import type { PhoneContext, PhoneEmitted, PhoneEvent, PhoneInput, SoftkeyId } from './phone-types.js';

/**
 * What every region module shares: the chart's types, the shape of a region's named
 * implementations, and the guards every region reads keys with. Each region builds a
 * setup of its own from these (to type-check its state config against the names it
 * uses); phone-machine.ts composes all of them in one setup.
 */
export const phoneTypes = {
  context: {} as PhoneContext,
  events: {} as PhoneEvent,
  input: {} as PhoneInput,
  emitted: {} as PhoneEmitted,
};

/** A region's implementations: each typed by its own params; `any` only widens the record they sit in. */
export type RegionActions = Record<string, ActionFunction<PhoneContext, PhoneEvent, PhoneEvent, any, any, any, any, any, PhoneEmitted>>;
export type RegionGuards = Record<string, GuardPredicate<PhoneContext, PhoneEvent, any, any>>;
export type RegionDelays = Record<string, DelayConfig<PhoneContext, PhoneEvent, any, PhoneEvent>>;

export const keyGuards = {
  keyIs: ({ event }, params: { keys: readonly KeyName[] }) => event.type === 'key.press' && params.keys.includes(event.key),
  softkeyIs: ({ event }, params: { ids: readonly SoftkeyId[] }) => event.type === 'softkey.press' && params.ids.includes(event.id),
} satisfies RegionGuards;

/** Guard references that keep their literal types inside and() / not(). */
export const pressed = (...keys: KeyName[]) => ({ type: 'keyIs' as const, params: { keys } });
export const softkey = (...ids: SoftkeyId[]) => ({ type: 'softkeyIs' as const, params: { ids } });

export const digitKeys: readonly KeyName[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const dialKeys: readonly KeyName[] = [...digitKeys, '*', '#'];
