import { initialIdentityContext } from './identity/identity-types.js';
import { menuRoot } from './menu.js';
import { defaultPolicy } from './policies.js';
import { firmwareTraits } from './quirks.js';
import { defaultServerSettings, initialUpdateContext, type PhoneContext, type PhoneInput } from './phone-types.js';

/**
 * The phone's context at power-on: a fresh phone on the cmdlets' defaults, or a phone read
 * back from its state file with what it keeps (session, PIN hashes, firmware, pairing, the
 * last policy) and the route its regions take back to where it was.
 */
export function initialContext(input: PhoneInput): PhoneContext {
  const identity = initialIdentityContext();
  const fresh: PhoneContext = {
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
    notice: null,
    menu: menuRoot,
    deviceLockPin: input.deviceLockPin ?? null,
    restored: null,
    ...identity,
  };
  const saved = input.restored;
  if (!saved) return fresh;
  return {
    ...fresh,
    server: saved.server,
    policy: saved.policy,
    update: {
      ...initialUpdateContext,
      previousFirmware: saved.previousFirmware,
      nextCheckMs: saved.nextCheckMs,
      offer: saved.offer,
      offerFrom: saved.offerFrom,
    },
    warnings: saved.warnings,
    deviceLockPin: saved.deviceLockPin,
    account: { ...identity.account, ...saved.account },
    lock: { ...identity.lock, pinHash: saved.lockPinHash },
    pairing: { paired: saved.paired, code: null, mode: null, pcLocked: false },
    restored: saved.route,
  };
}
