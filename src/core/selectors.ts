import type { DeviceProfile, SignInMethod } from './device-profile.js';
import type { CallInfo, SignedInUser, WebCode } from './identity/identity-types.js';

/** The lock screen a user sees: none, PIN creation, unlocked, or the lock screen. */
export type LockPhase = 'off' | 'creating' | 'unlocked' | 'locked';
import { methodLabel } from './identity/identity-screen.js';
import { offeredMethods } from './identity/sign-in-region.js';
import type { Locale, MessageKey } from './messages/index.js';
import type { PhonePolicy } from './policies.js';
import type { ProvisionedConfig } from './provisioned.js';
import type { PhoneIdentity, ProvisioningTarget, Warning } from './phone-types.js';
import { runningRegionState, runningRegionValue, topState } from './running-region.js';
import type { PhoneSnapshot } from './screen.js';
import type { Translate } from './screen-draft.js';

/**
 * What the outside (scenario, fleet, TUI, CLI, phone link, library) reads of a phone: one
 * named question each, so the chart's paths and the context's shape stay core's business.
 * Plain functions of the snapshot, no state: a fleet's ten thousand phones share them.
 */

/** Where a phone's power is: `booting`, `running`, `installing`, `rollingBack`, `rebooting`. */
export const powerPhase = (snapshot: PhoneSnapshot): string => topState(snapshot.value) ?? 'booting';

/** Booted and working (not booting, installing, rolling back or rebooting). */
export const isRunning = (snapshot: PhoneSnapshot): boolean => runningRegionState(snapshot.value, 'connection') !== undefined;

/** Connected to its server (welcomed). Read off the value: the fleet asks it of every phone. */
export const isOnline = (snapshot: PhoneSnapshot): boolean => runningRegionState(snapshot.value, 'connection') === 'online';

/** The Phone-Lock screen: off (nobody signed in, or not enforced), creating a PIN, unlocked, locked; off while not running. */
export function lockScreen(snapshot: PhoneSnapshot): LockPhase {
  if (snapshot.matches({ running: { lock: 'locked' } })) return 'locked';
  if (snapshot.matches({ running: { lock: 'creating' } })) return 'creating';
  // Unprotected (a Device-Lock PIN dropped by an upgrade) is unlocked with no PIN yet.
  if (snapshot.matches({ running: { lock: 'unlocked' } }) || snapshot.matches({ running: { lock: 'unprotected' } })) return 'unlocked';
  return 'off';
}

/** The lock screen shows: the phone takes a PIN before anything else. */
export const isLocked = (snapshot: PhoneSnapshot): boolean => snapshot.matches({ running: { lock: 'locked' } });

/** PIN creation asks for the new PIN a second time. */
export const isConfirmingPin = (snapshot: PhoneSnapshot): boolean => snapshot.matches({ running: { lock: { creating: 'confirm' } } });

/** Who is signed in, as the service confirmed it; null when nobody is. */
export const signedInUser = (snapshot: PhoneSnapshot): SignedInUser | null => snapshot.context.account.user;

/** Why the last sign-in failed, as a message key, until the user tries again; null otherwise. */
export const signInError = (snapshot: PhoneSnapshot): MessageKey | null => snapshot.context.account.error?.key ?? null;

/** The token that resumes the sign-in session after a reconnect; null when signed out. */
export const sessionToken = (snapshot: PhoneSnapshot): string | null => snapshot.context.account.token;

/** Online or on-premises Skype for Business, as the tenant told the phone: it decides the methods offered. */
export const sfbDeployment = (snapshot: PhoneSnapshot): 'online' | 'onprem' => snapshot.context.account.deployment;

/** The sign-in methods the start screen lists, in its order. */
export const signInMethods = (snapshot: PhoneSnapshot): readonly SignInMethod[] => offeredMethods(snapshot.context);

/** A sign-in method's row label on this vendor's list, in the words of `t`. */
export const signInMethodLabel = (snapshot: PhoneSnapshot, method: SignInMethod, t: Translate): string => methodLabel(snapshot.context, method, t);

/** The step of signing in a signed-out phone is at (`idle`, `userId`, `web`...) and its own step (`showing`, `submitting`); undefined when not signed out or not running. */
export function signedOutStep(snapshot: PhoneSnapshot): readonly [step: string | undefined, substep: string | undefined] {
  const signIn = runningRegionValue(snapshot.value, 'signIn');
  if (typeof signIn !== 'object') return [undefined, undefined];
  const signedOut = signIn['signedOut'];
  const step = topState(signedOut);
  return [step, typeof signedOut === 'object' && step !== undefined ? topState(signedOut[step]) : undefined];
}

/** The last web sign-in code the service issued (still kept once it expired); null when there is none. */
export const webCode = (snapshot: PhoneSnapshot): WebCode | null => snapshot.context.account.webCode;

/** The web sign-in screen shows its code now (not expired, not another screen). */
export const showsWebCode = (snapshot: PhoneSnapshot): boolean => snapshot.matches({ running: { signIn: { signedOut: { web: 'showing' } } } });

/** Where a call stands, as a person sees it: dialing until the far end answers, ringing until answered. */
export function callState(snapshot: PhoneSnapshot): 'idle' | 'dialing' | 'ringing' | 'connected' {
  const state = runningRegionState(snapshot.value, 'call');
  if (state === 'ringing' || state === 'connected') return state;
  if (state === 'placing' || state === 'requesting' || state === 'outgoing') return 'dialing';
  return 'idle';
}

/** The call on the phone (placed, ringing or connected); null when there is none. */
export const currentCall = (snapshot: PhoneSnapshot): CallInfo | null => snapshot.context.calling.current;

/** The digits keyed in the open dialer; null when the dialer is closed. */
export const dialer = (snapshot: PhoneSnapshot): string | null => snapshot.context.calling.dialer;

/** The notice on screen (a refused call, a lock that follows the PC), as its message key; null when none. */
export const noticeKey = (snapshot: PhoneSnapshot): MessageKey | null => snapshot.context.notice?.key ?? null;

/** Paired with a PC over BToE (or its USB cable). */
export const isPaired = (snapshot: PhoneSnapshot): boolean => snapshot.context.pairing.paired;

/** The pairing code the phone shows for the PC to type (Manual mode); null when none. */
export const pairingCode = (snapshot: PhoneSnapshot): string | null => snapshot.context.pairing.code;

/** The update region's state (`idle`, `offered`, `downloading`...); undefined while not running. */
export const updatePhase = (snapshot: PhoneSnapshot): string | undefined => runningRegionState(snapshot.value, 'update');

/** The build the phone runs. */
export const firmware = (snapshot: PhoneSnapshot): string => snapshot.context.firmware;

/** The provisioning target the phone was given (a build, or null when none). */
export const provisioningTarget = (snapshot: PhoneSnapshot): ProvisioningTarget | null => snapshot.context.update.provisioning;

/** What a third-party provisioning server last set on the phone (its last good configuration), or null. */
export const provisioned = (snapshot: PhoneSnapshot): ProvisionedConfig | null => snapshot.context.provisioned;

/** The phone's MAC and serial. */
export const identity = (snapshot: PhoneSnapshot): PhoneIdentity => snapshot.context.identity;

/** The device profile the phone was made from (data, never changed). */
export const deviceProfile = (snapshot: PhoneSnapshot): DeviceProfile => snapshot.context.profile;

/** The in-band policy the phone runs under, as its server last sent it. */
export const policy = (snapshot: PhoneSnapshot): PhonePolicy => snapshot.context.policy;

/** The language of the phone's screen. */
export const locale = (snapshot: PhoneSnapshot): Locale => snapshot.context.locale;

/** The warnings the phone holds (a lost Device-Lock PIN, a build off the certified list). */
export const warnings = (snapshot: PhoneSnapshot): readonly Warning[] => snapshot.context.warnings;

/** How many fields the open form has (a sign-in form, a PIN); null when none is open. */
export const formFieldCount = (snapshot: PhoneSnapshot): number | null => snapshot.context.form?.fields.length ?? null;

/** The form field keys type into (user name, password, PIN...), with its value, or null when no form is open. */
export function focusedField(snapshot: PhoneSnapshot): { readonly id: string; readonly secret: boolean; readonly value: string; readonly index: number } | null {
  const form = snapshot.context.form;
  const field = form?.fields[form.focus];
  return form && field ? { id: field.id, secret: field.secret, value: field.value, index: form.focus } : null;
}

/** How much of the offered build has arrived, from 0 to 1, while it downloads; null otherwise. */
export function downloadProgress(snapshot: PhoneSnapshot): number | null {
  const { offer, download } = snapshot.context.update;
  if (!offer || !download || updatePhase(snapshot) !== 'downloading') return null;
  return Math.min(1, download.receivedBytes / offer.sizeBytes);
}
