import { initialIdentityContext } from './identity/identity-types.js';
import { menuRoot } from './menu.js';
import { defaultPolicy } from './policies.js';
import { firmwareTraits } from './quirks.js';
import { defaultServerSettings, initialUpdateContext, type PhoneContext, type PhoneInput } from './phone-types.js';

/** What every power-on starts afresh: no menu open, no notice shown (the chart's `resetSession`). */
export const powerOnSession = { menu: menuRoot, notice: null } as const satisfies Partial<PhoneContext>;

/** The phone's context at power-on: a fresh phone on the cmdlets' defaults. */
export function initialContext(input: PhoneInput): PhoneContext {
  return {
    profile: input.profile,
    identity: input.identity,
    locale: input.locale ?? 'en-US',
    // Phones without overrides share their profile's parameters.
    settings: input.settings && Object.keys(input.settings).length > 0 ? { ...input.profile.settings, ...input.settings } : input.profile.settings,
    firmware: input.firmware,
    traits: firmwareTraits(input.profile, input.firmware),
    server: defaultServerSettings,
    policy: defaultPolicy,
    update: initialUpdateContext,
    warnings: [],
    ...powerOnSession,
    deviceLockPin: input.deviceLockPin ?? null,
    provisioned: null,
    ...initialIdentityContext(),
  };
}
