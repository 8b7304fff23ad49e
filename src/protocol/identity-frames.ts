import { z } from 'zod';
import { signInMethods } from '../core/device-profile.js';
import { callRefusals, lockVerifyRefusals, pairingRefusals, pcOperatingSystems } from '../core/identity/identity-types.js';
import { signInRefusals } from '../core/identity/sign-in-access.js';
import { locales } from '../core/messages/index.js';
import { protocolVersion } from './version.js';

/**
 * Frames of sign-in, calls and BToE pairing (docs/protocol.md, "Identity" and "PC").
 * frames.ts adds them to the phone and server unions.
 */
const header = { v: z.literal(protocolVersion) };
const secret = z.string().min(1).max(128);
const party = z.string().min(1).max(128);
const callId = z.string().min(1).max(64);
const mac = z.string().min(1).max(32);

const credentials = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('userId'), user: z.string().min(1).max(128), password: secret }),
  z.strictObject({ method: z.literal('pin'), extension: z.string().regex(/^\d{1,15}$/), pin: secret }),
]);

const call = z.strictObject({
  id: callId,
  party,
  direction: z.enum(['outgoing', 'incoming']),
  answerAfterMs: z.int().min(0),
  /** `phone`: the far end is another emulated phone, which answers by itself (`call.answered`); else the stand-in answers after `answerAfterMs`. */
  farEnd: z.literal('phone').optional(),
});

/** What `welcome` tells a phone of its tenant: the deployment (which sign-in methods to offer) and emergency numbers. */
export const tenantInfo = z.strictObject({
  sfb: z.enum(['online', 'onprem']),
  emergencyNumbers: z.array(z.string().min(1).max(16)).max(16),
});

/** What a phone sends about its user, its calls and its PC. */
export const identityPhoneFrames = [
  z.strictObject({ ...header, type: z.literal('signIn.request'), credentials }),
  z.strictObject({ ...header, type: z.literal('signIn.resume'), token: z.string().min(1).max(128) }),
  z.strictObject({ ...header, type: z.literal('signOut') }),
  /**
   * `code`: the code the phone still shows after a reconnect, to keep it if the service still knows it.
   * `locale`: the phone's language, which the sign-in pages speak once the code is entered.
   */
  z.strictObject({ ...header, type: z.literal('webSignIn.start'), code: z.string().min(1).max(32).optional(), locale: z.enum(locales).optional() }),
  z.strictObject({ ...header, type: z.literal('webSignIn.cancel') }),
  z.strictObject({ ...header, type: z.literal('call.dial'), party }),
  z.strictObject({ ...header, type: z.literal('call.answer'), id: callId }),
  z.strictObject({ ...header, type: z.literal('call.hangUp'), id: callId }),
  z.strictObject({
    ...header,
    type: z.literal('pairing.answer'),
    outcome: z.enum(['paired', 'refused', 'codeRequired']),
    reason: z.enum(pairingRefusals).optional(),
  }),
  z.strictObject({ ...header, type: z.literal('pairing.lock'), locked: z.boolean() }),
  /** Forgot on the lock screen: the sign-in password (or PIN) of the user signed in on this connection. */
  z.strictObject({ ...header, type: z.literal('lock.verify'), method: z.enum(['password', 'pin']), secret }),
] as const;

/** What the emulated PC (the BToE app, or the client a LPE phone is tethered to) sends. */
export const pcFrames = [
  z.strictObject({
    ...header,
    type: z.literal('pc.hello'),
    os: z.enum(pcOperatingSystems),
    /** The phone's MAC: the phone whose PC port (or USB cable) the PC is on. */
    phone: mac,
    link: z.enum(['ethernet', 'usb']).default('ethernet'),
    /** The key of that phone's PC port, granted by the phone's own process: without it the PC reaches no phone. */
    pcPort: z.string().min(1).max(128).optional(),
  }),
  z.strictObject({ ...header, type: z.literal('pc.pair') }),
  z.strictObject({ ...header, type: z.literal('pc.pairCode'), code: z.string().min(1).max(32) }),
  z.strictObject({ ...header, type: z.literal('pc.lock'), locked: z.boolean() }),
  z.strictObject({ ...header, type: z.literal('pc.call'), party }),
  z.strictObject({ ...header, type: z.literal('pc.signIn'), user: z.string().min(1).max(128), password: secret }),
] as const;

export const signedInUser = z.strictObject({
  upn: z.string().min(1),
  displayName: z.string().min(1),
  method: z.enum(signInMethods),
  exchange: z.boolean(),
});

/** What the server tells a phone about its tenant, user, calls and PC. */
export const identityServerFrames = [
  z.strictObject({ ...header, type: z.literal('signIn.accepted'), user: signedInUser, token: z.string().min(1) }),
  z.strictObject({ ...header, type: z.literal('signIn.refused'), reason: z.enum(signInRefusals), minimum: z.string().min(1).max(64).optional() }),
  z.strictObject({
    ...header,
    type: z.literal('webSignIn.code'),
    code: z.string().min(1),
    url: z.string().min(1).max(2048),
    expiresInMs: z.int().positive(),
  }),
  z.strictObject({ ...header, type: z.literal('call.placed'), call }),
  z.strictObject({ ...header, type: z.literal('call.refused'), party, reason: z.enum(callRefusals) }),
  z.strictObject({ ...header, type: z.literal('call.incoming'), call }),
  z.strictObject({ ...header, type: z.literal('call.ended'), id: callId }),
  /** The emulated phone called (`farEnd: phone`) answered. */
  z.strictObject({ ...header, type: z.literal('call.answered'), id: callId }),
  z.strictObject({ ...header, type: z.literal('pairing.request'), os: z.enum(pcOperatingSystems) }),
  z.strictObject({ ...header, type: z.literal('pairing.code'), code: z.string().min(1).max(32) }),
  z.strictObject({ ...header, type: z.literal('pairing.pcLock'), locked: z.boolean() }),
  z.strictObject({ ...header, type: z.literal('pairing.dial'), party }),
  z.strictObject({ ...header, type: z.literal('pairing.end') }),
  z.strictObject({ ...header, type: z.literal('lock.verified'), ok: z.boolean(), reason: z.enum(lockVerifyRefusals).optional() }),
] as const;

/** What the server tells a PC. */
export const pcServerFrames = [
  z.strictObject({
    ...header,
    type: z.literal('pc.welcome'),
    phone: z.strictObject({ model: z.string(), mac, user: z.string().nullable() }),
  }),
  z.strictObject({
    ...header,
    type: z.literal('pc.pairing'),
    state: z.enum(['paired', 'codeRequired', 'refused', 'unpaired']),
    reason: z.enum(pairingRefusals).optional(),
  }),
  z.strictObject({ ...header, type: z.literal('pc.phoneLock'), locked: z.boolean() }),
  z.strictObject({
    ...header,
    type: z.literal('pc.signIn'),
    outcome: z.enum(['signedIn', 'refused']),
    reason: z.enum(signInRefusals).optional(),
  }),
] as const;
