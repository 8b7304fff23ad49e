import type { SignInMethod } from '../device-profile.js';
import type { Message } from '../messages/index.js';
import { defaultEmergencyNumbers, type SfbDeployment } from '../tenant.js';
import type { SignInRefusal } from './sign-in-access.js';
import type { TextForm } from './text-form.js';

/** Who is signed in, as the service confirmed it. */
export interface SignedInUser {
  readonly upn: string;
  readonly displayName: string;
  readonly method: SignInMethod;
  /** Calendar and voicemail reachable: the supported-deployments table decides. */
  readonly exchange: boolean;
}

/** A web sign-in code the service issued for this phone. */
export interface WebCode {
  readonly code: string;
  readonly url: string;
  readonly expiresInMs: number;
}

export interface AccountContext {
  /** Told by the service when the phone connects: which sign-in methods the screen offers. */
  readonly deployment: SfbDeployment;
  readonly user: SignedInUser | null;
  /** Lets the phone stay signed in across reconnects and reboots. */
  readonly token: string | null;
  readonly emergencyNumbers: readonly string[];
  /** The highlighted row of the sign-in method list. */
  readonly methodCursor: number;
  readonly webCode: WebCode | null;
  /** Why the last sign-in failed, shown until the user tries again. */
  readonly error: Message | null;
}

/** What the lock region keeps; where it stands (off, creating, unlocked, locked) is its state, read with `stateIn` or `matches`. */
export interface LockContext {
  /** The Phone-Lock PIN as a salted hash; null until created. */
  readonly pinHash: string | null;
  /** The first entry of a new PIN, hashed, until the second entry confirms it. */
  readonly pendingHash: string | null;
  readonly failures: number;
  /** When the idle period of the unlocked phone started, on the actor's clock: a pushed PhoneLockTimeout counts from it. */
  readonly idleSince: number;
  /** Why the last entry was refused. */
  readonly error: Message | null;
}

/** Why the server did not confirm the password or PIN that Forgot sent. */
export const lockVerifyRefusals = ['badCredentials', 'lockedOut', 'notSignedIn', 'notCredentialSignIn'] as const;
export type LockVerifyRefusal = (typeof lockVerifyRefusals)[number];

export const callRefusals = ['noCallingPlan', 'notSignedIn', 'unknownNumber', 'lockedEmergencyOnly'] as const;
export type CallRefusal = (typeof callRefusals)[number];
export type CallKind = 'user' | 'pstn' | 'emergency';

export interface CallInfo {
  readonly id: string;
  /** The far end: a number, an extension or a UPN. */
  readonly party: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly answerAfterMs: number;
  /** `phone`: another emulated phone is the far end and answers by itself (server.callAnswered), not after answerAfterMs. */
  readonly farEnd?: 'phone' | undefined;
}

export interface CallContext {
  /** Digits keyed so far; null when the dialer is closed. */
  readonly dialer: string | null;
  readonly current: CallInfo | null;
  /** When the last digit was keyed, on the actor's clock: a pushed UserDialTimeoutMS counts from it. */
  readonly digitAt: number;
}

export const pcOperatingSystems = ['windows', 'mac', 'vdi'] as const;
export type PcOs = (typeof pcOperatingSystems)[number];
export const pairingRefusals = ['mac', 'vdi', 'disabled', 'badCode', 'notSupported'] as const;
export type PairingRefusal = (typeof pairingRefusals)[number];

export interface PairingContext {
  readonly paired: boolean;
  /** Manual mode: the 8-character code the user types into the PC app. */
  readonly code: string | null;
  /** How the pairing was made (null: unknown, as after a restart); AudioCodes' lock key reads it. */
  readonly mode: 'auto' | 'manual' | null;
  /** The paired PC's Windows session is locked, as the PC last said. */
  readonly pcLocked: boolean;
}

/** The identity features' part of the phone's context. */
export interface IdentityContext {
  readonly account: AccountContext;
  /** The form on screen (sign-in fields, Phone-Lock PIN), if any. */
  readonly form: TextForm | null;
  readonly lock: LockContext;
  readonly calling: CallContext;
  readonly pairing: PairingContext;
}

export type IdentitySoftkeyId =
  | 'signIn'
  | 'select'
  | 'cancel'
  | 'retry'
  | 'ok'
  | 'signOut'
  | 'unlock'
  | 'forgot'
  | 'newCall'
  | 'emergency'
  | 'dial'
  | 'answer'
  | 'decline'
  | 'hangUp';

export type IdentityEvent =
  | { readonly type: 'text.input'; readonly text: string }
  | { readonly type: 'server.tenantInfo'; readonly sfb: SfbDeployment; readonly emergencyNumbers: readonly string[] }
  | { readonly type: 'server.signedIn'; readonly user: SignedInUser; readonly token: string }
  | { readonly type: 'server.signInRefused'; readonly reason: SignInRefusal; readonly minimum?: string }
  | { readonly type: 'server.webCode'; readonly code: WebCode }
  | { readonly type: 'server.callPlaced'; readonly call: CallInfo }
  | { readonly type: 'server.callRefused'; readonly party: string; readonly reason: CallRefusal }
  | { readonly type: 'server.incomingCall'; readonly call: CallInfo }
  | { readonly type: 'server.callEnded'; readonly id: string }
  | { readonly type: 'server.callAnswered'; readonly id: string }
  | { readonly type: 'pairing.requested'; readonly os: PcOs; readonly code: string }
  | { readonly type: 'pairing.codeEntered'; readonly code: string }
  | { readonly type: 'pairing.ended' }
  | { readonly type: 'pairing.pcLocked'; readonly locked: boolean }
  | { readonly type: 'pairing.dial'; readonly party: string }
  | { readonly type: 'form.submit' }
  | { readonly type: 'lock.maxRetriesReached' }
  /** The server's answer to the sign-in password or PIN that Forgot on the lock screen sent. */
  | { readonly type: 'server.lockVerified'; readonly ok: boolean; readonly reason?: LockVerifyRefusal }
  /** A pushed policy shortened a running period past its end: what its timer does, now. */
  | { readonly type: 'timer.pastDue' }
  | { readonly type: 'ui.home' };

export type SignInRequest =
  | { readonly method: 'userId'; readonly user: string; readonly password: string }
  | { readonly method: 'pin'; readonly extension: string; readonly pin: string };

export type IdentityEmitted =
  | { readonly type: 'signIn.requested'; readonly request: SignInRequest }
  | { readonly type: 'webSignIn.codeRequested' }
  | { readonly type: 'webSignIn.cancelled' }
  | { readonly type: 'signOut.requested' }
  | { readonly type: 'call.dialRequested'; readonly party: string }
  | { readonly type: 'call.answered'; readonly id: string }
  | { readonly type: 'call.hungUp'; readonly id: string }
  | {
      readonly type: 'pairing.answered';
      readonly outcome: 'paired' | 'refused' | 'codeRequired';
      readonly reason?: PairingRefusal;
    }
  | { readonly type: 'pairing.lockChanged'; readonly locked: boolean }
  /** Forgot on the lock screen: the server checks the sign-in password or PIN of the user it signed in. */
  | { readonly type: 'lock.verifyRequested'; readonly method: 'password' | 'pin'; readonly secret: string };

export function isCallBusy(context: Pick<IdentityContext, 'calling'>): boolean {
  return context.calling.dialer !== null || context.calling.current !== null;
}

/** The identity features' context when a phone is created: signed out, unlocked, idle, unpaired. */
/** One frozen start state shared by every phone: assigns replace it, never change it. */
const initialIdentity: IdentityContext = deepFreeze({
    account: {
      deployment: 'online',
      user: null,
      token: null,
      emergencyNumbers: defaultEmergencyNumbers,
      methodCursor: 0,
      webCode: null,
      error: null,
    },
    form: null,
    lock: { pinHash: null, pendingHash: null, failures: 0, idleSince: 0, error: null },
    calling: { dialer: null, current: null, digitAt: 0 },
    pairing: { paired: false, code: null, mode: null, pcLocked: false },
});

export function initialIdentityContext(): IdentityContext {
  return initialIdentity;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
