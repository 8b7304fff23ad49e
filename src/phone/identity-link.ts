import { randomInt } from 'node:crypto';
import type { FrameBody, PhoneFrame, ServerFrame } from '../protocol/frames.js';
import type { PhoneEmitted } from '../core/phone-types.js';
import { isPaired, locale, sessionToken, showsWebCode, webCode } from '../core/selectors.js';
import type { PhoneActor } from './create-phone.js';

/** What the identity link needs of the phone link: sending, and counting replies owed. */
export interface LinkPort {
  send(body: FrameBody<PhoneFrame>): boolean;
  owe(): void;
  paid(): void;
}

type ReplyKind = 'signIn' | 'webCode' | 'call' | 'lockVerify';

const pairingAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** An 8-character, mixed-case pairing code such as Polycom's "gNCYoV19", from a cryptographic source. */
export function pairingCode(): string {
  return Array.from({ length: 8 }, () => pairingAlphabet[randomInt(pairingAlphabet.length)]).join('');
}

/**
 * Sign-in, calls and BToE on the wire: turns what the phone emits into frames and the
 * server's identity frames into phone events. Replies the phone waits for are owed, so
 * virtual time waits for them; pushes (a browser or a PC finishing a sign-in) are not.
 */
export function linkIdentity(actor: PhoneActor, port: LinkPort): IdentityLink {
  return new IdentityLink(actor, port);
}

/** One phone's identity traffic. A class, not closures: a fleet holds ten thousand. */
export class IdentityLink {
  readonly #waiting: Record<ReplyKind, number> = { signIn: 0, webCode: 0, call: 0, lockVerify: 0 };

  constructor(
    private readonly actor: PhoneActor,
    private readonly port: LinkPort,
  ) {}

  #request(body: FrameBody<PhoneFrame>, kind?: ReplyKind): void {
    if (!this.port.send(body)) {
      if (kind) this.actor.send({ type: 'server.disconnected' });
      return;
    }
    if (!kind) return;
    this.#waiting[kind] += 1;
    this.port.owe();
  }

  #answered(kind: ReplyKind): void {
    if (this.#waiting[kind] === 0) return;
    this.#waiting[kind] -= 1;
    this.port.paid();
  }

  /** Feeds what the phone emits to the server; false when the event is not an identity one. */
  emitted(event: PhoneEmitted): boolean {
    switch (event.type) {
      case 'signIn.requested':
        this.#request({ type: 'signIn.request', credentials: event.request }, 'signIn');
        return true;
      case 'webSignIn.codeRequested':
        this.#request({ type: 'webSignIn.start', locale: locale(this.actor.getSnapshot()) }, 'webCode');
        return true;
      case 'webSignIn.cancelled':
        this.#request({ type: 'webSignIn.cancel' });
        return true;
      case 'signOut.requested':
        this.#request({ type: 'signOut' });
        return true;
      case 'call.dialRequested':
        this.#request({ type: 'call.dial', party: event.party }, 'call');
        return true;
      case 'call.answered':
        this.#request({ type: 'call.answer', id: event.id });
        return true;
      case 'call.hungUp':
        this.#request({ type: 'call.hangUp', id: event.id });
        return true;
      case 'pairing.answered':
        this.#request(event.reason ? { type: 'pairing.answer', outcome: event.outcome, reason: event.reason } : { type: 'pairing.answer', outcome: event.outcome });
        return true;
      case 'pairing.lockChanged':
        this.#request({ type: 'pairing.lock', locked: event.locked });
        return true;
      case 'lock.verifyRequested':
        this.#request({ type: 'lock.verify', method: event.method, secret: event.secret }, 'lockVerify');
        return true;
      default:
        return false;
    }
  }

  /**
   * After the welcome: the phone learns its tenant; a phone still signed in resumes its
   * session, one showing a web sign-in code asks to keep it, one that was paired says so.
   */
  welcomed(tenant: Extract<ServerFrame, { type: 'welcome' }>['tenant']): void {
    if (tenant) this.actor.send({ type: 'server.tenantInfo', sfb: tenant.sfb, emergencyNumbers: tenant.emergencyNumbers });
    const snapshot = this.actor.getSnapshot();
    const token = sessionToken(snapshot);
    const code = webCode(snapshot);
    if (token) this.#request({ type: 'signIn.resume', token }, 'signIn');
    else if (showsWebCode(snapshot) && code) this.#request({ type: 'webSignIn.start', code: code.code, locale: locale(snapshot) }, 'webCode');
    if (isPaired(snapshot)) this.#request({ type: 'pairing.answer', outcome: 'paired' });
  }

  /** Feeds an identity frame to the phone; false when the frame is not one. */
  handle(frame: ServerFrame): boolean {
    switch (frame.type) {
      case 'signIn.accepted':
        this.actor.send({ type: 'server.signedIn', user: frame.user, token: frame.token });
        this.#answered('signIn');
        return true;
      case 'signIn.refused':
        this.actor.send(
          frame.minimum === undefined
            ? { type: 'server.signInRefused', reason: frame.reason }
            : { type: 'server.signInRefused', reason: frame.reason, minimum: frame.minimum },
        );
        this.#answered('signIn');
        return true;
      case 'webSignIn.code':
        this.actor.send({ type: 'server.webCode', code: { code: frame.code, url: frame.url, expiresInMs: frame.expiresInMs } });
        this.#answered('webCode');
        return true;
      case 'call.placed':
        this.actor.send({ type: 'server.callPlaced', call: frame.call });
        this.#answered('call');
        return true;
      case 'call.refused':
        this.actor.send({ type: 'server.callRefused', party: frame.party, reason: frame.reason });
        this.#answered('call');
        return true;
      case 'call.incoming':
        this.actor.send({ type: 'server.incomingCall', call: frame.call });
        return true;
      case 'call.ended':
        this.actor.send({ type: 'server.callEnded', id: frame.id });
        return true;
      case 'call.answered':
        this.actor.send({ type: 'server.callAnswered', id: frame.id });
        return true;
      case 'pairing.request':
        this.actor.send({ type: 'pairing.requested', os: frame.os, code: pairingCode() });
        return true;
      case 'pairing.code':
        this.actor.send({ type: 'pairing.codeEntered', code: frame.code });
        return true;
      case 'pairing.pcLock':
        this.actor.send({ type: 'pairing.pcLocked', locked: frame.locked });
        return true;
      case 'pairing.dial':
        this.actor.send({ type: 'pairing.dial', party: frame.party });
        return true;
      case 'pairing.end':
        this.actor.send({ type: 'pairing.ended' });
        return true;
      case 'lock.verified':
        this.actor.send(frame.reason === undefined ? { type: 'server.lockVerified', ok: frame.ok } : { type: 'server.lockVerified', ok: frame.ok, reason: frame.reason });
        this.#answered('lockVerify');
        return true;
      default:
        return false;
    }
  }

  /** The connection dropped: nothing owed survives it. */
  reset(): void {
    this.#waiting.signIn = 0;
    this.#waiting.webCode = 0;
    this.#waiting.call = 0;
    this.#waiting.lockVerify = 0;
  }
}
