import { initialIdentityContext } from './identity/identity-types.js';
import { menuRoot } from './menu.js';
import { defaultPolicy } from './policies.js';
import { defaultServerSettings, type PhoneContext, type PhoneInput } from './phone-types.js';

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
    settings: { ...input.profile.settings, ...input.settings },
    firmware: input.firmware,
    previousFirmware: null,
    justInstalled: null,
    server: defaultServerSettings,
    policy: defaultPolicy,
    nextCheckMs: null,
    offer: null,
    offerFrom: 'inBand',
    provisioning: null,
    installHistory: [],
    rolledBack: null,
    warnings: [],
    download: null,
    updateOnDemand: false,
    notice: null,
    menu: menuRoot,
    deviceLockPinHash: input.deviceLockPinHash ?? null,
    restored: null,
    restoredDelays: {},
    ...identity,
  };
  const saved = input.restored;
  if (!saved) return fresh;
  return {
    ...fresh,
    previousFirmware: saved.previousFirmware,
    server: saved.server,
    policy: saved.policy,
    nextCheckMs: saved.nextCheckMs,
    offer: saved.offer,
    offerFrom: saved.offerFrom,
    warnings: saved.warnings,
    deviceLockPinHash: saved.deviceLockPinHash,
    account: { ...identity.account, ...saved.account },
    lock: { ...identity.lock, pinHash: saved.lockPinHash },
    pairing: { paired: saved.paired, code: null },
    restored: saved.route,
    restoredDelays: saved.delays,
  };
}
