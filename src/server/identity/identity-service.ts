import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { SignInMethod } from '../../core/device-profile.js';
import type { CallRefusal } from '../../core/identity/identity-types.js';
import { signInAccess, type SignInRefusal } from '../../core/identity/sign-in-access.js';
import type { TenantUser } from '../../core/tenant.js';
import type { Locale } from '../../core/messages/index.js';
import { compareVersions } from '../../core/version.js';
import type { ErrorCode, FrameBody, PhoneFrame, ServerFrame } from '../../protocol/frames.js';
import type { ProjectData } from '../../profiles/load-data.js';
import type { ServerClock } from '../server-clock.js';
import { CallRouter, type CallDelivery } from './call-routing.js';
import { DeviceCodes, FailureLimiter } from './device-codes.js';
import { accountLockout, connectionLockout, SignInLockout } from './sign-in-lockout.js';
import { SessionMap } from './session-map.js';
import { displayNameOf, TenantDirectory, type DirectoryTenant, type DirectoryUser } from './tenant-directory.js';

/** One WebSocket connection as the identity service sees it. */
export interface ClientPort {
  readonly id: number;
  send(body: FrameBody<ServerFrame>): void;
  refuse(code: ErrorCode, message: string): void;
  /** The phone behind the connection, once it said hello. */
  phone(): { readonly model: string; readonly mac: string; readonly firmware: string } | undefined;
  /** Tells the device list who is signed in. */
  setUser(upn: string | null): void;
}

export interface IdentityOptions {
  readonly tenant: DirectoryTenant;
  readonly clock: ServerClock;
  /** Virtual ms before the far end of an outgoing call answers. */
  readonly farEndAnswerMs: number;
  /** The address of the web sign-in page, known once the server listens. */
  readonly signInUrl: () => string;
  /** Sessions a server state file kept. */
  readonly sessions?: readonly SavedSession[] | undefined;
  /** How calls reach a phone on another connection; this server's own connections by default. */
  readonly callDelivery?: CallDelivery | undefined;
}

/** A sign-in session as a state file keeps it: the token only as its SHA-256, which cannot be replayed. */
export interface SavedSession {
  readonly tokenHash: string;
  readonly upn: string;
  readonly method: SignInMethod;
}

/** Sessions are looked up by the hash of their token: a saved or logged session does not give the token away. */
const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Equal secrets, compared in constant time (their hashes have the same length). */
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** What a sign-in's credentials come to: the user, or why not. */
export type CredentialCheck = DirectoryUser | 'badCredentials' | 'lockedOut';

interface PhoneSide {
  readonly port: ClientPort;
  user: DirectoryUser | null;
  /** The hash of the phone's session token. */
  session: string | null;
  /** The key of the phone's PC port, from its hello: the PC that gives it is the one cabled to it. */
  readonly pcPort: string | undefined;
  /** This connection asked for web sign-in: only then does a browser's sign-in reach it. */
  webSignIn: boolean;
  /** The language the phone asked for its web sign-in code in: the sign-in pages speak it. */
  webLocale?: Locale | undefined;
}

interface PcSide {
  readonly port: ClientPort;
  readonly os: 'windows' | 'mac' | 'vdi';
  readonly link: 'ethernet' | 'usb';
  readonly phoneMac: string;
  /** The PC port key it was admitted with: it reaches that phone's connection only. */
  readonly pcPort: string;
  paired: boolean;
}

interface Session {
  readonly upn: string;
  readonly method: SignInMethod;
}

type Frame<T extends PhoneFrame['type']> = Extract<PhoneFrame, { type: T }>;

/**
 * The service side of identity: the tenant's users and licences, the supported-deployments
 * table, sessions, web sign-in codes, call routing, and the relay between a phone and its PC.
 */
export class IdentityService {
  readonly directory: TenantDirectory;
  /** Web sign-in codes by the MAC of the phone showing them: a code outlives a reconnect. */
  readonly codes: DeviceCodes<string>;
  /** Wrong web sign-in codes per browser client. */
  readonly codeFailures: FailureLimiter;
  /** Failed sign-ins (password or PIN, any way in) per account, and per connection or browser client. */
  readonly accountLockout: SignInLockout;
  readonly connectionLockout: SignInLockout;
  /** Each connection's identity frames, in order, while one of them waits on a hash. */
  readonly #queues = new Map<number, Promise<void>>();
  readonly #phones = new Map<number, PhoneSide>();
  /** The same phones by lower-case MAC: web sign-in and PCs find their phone without a scan of thousands. */
  readonly #phonesByMac = new Map<string, PhoneSide>();
  readonly #pcs = new Map<number, PcSide>();
  /** Sessions by the hash of their token. */
  readonly #sessions = new SessionMap<Session>();
  /** For the server state file: a session began or ended (`sessions`), a user was added or replaced (`tenant`). */
  readonly events = new EventEmitter<{ sessions: []; tenant: [] }>();
  /** Calls between the phones connected here (call-routing.ts). */
  readonly calls: CallRouter;
  #nextCall = 1;

  constructor(
    private readonly data: ProjectData,
    private readonly options: IdentityOptions,
  ) {
    this.directory = new TenantDirectory(options.tenant);
    this.codes = new DeviceCodes(options.clock);
    this.codeFailures = new FailureLimiter(options.clock);
    this.accountLockout = new SignInLockout(options.clock, accountLockout);
    this.connectionLockout = new SignInLockout(options.clock, connectionLockout);
    for (const { tokenHash: hash, upn, method } of options.sessions ?? []) this.#sessions.set(hash, { upn, method });
    this.calls = new CallRouter(options.callDelivery ?? this.localCallDelivery());
  }

  /** Finds and reaches phones among this server's own connections: the seam a server across processes replaces. */
  localCallDelivery(): CallDelivery {
    return {
      phoneSignedInAs: (upn, exceptMac) => {
        const wanted = upn.toLowerCase();
        const except = exceptMac.toLowerCase();
        for (const [mac, phone] of this.#phonesByMac) if (mac !== except && phone.user?.upn.toLowerCase() === wanted) return phone.port.phone()!.mac;
        return undefined;
      },
      deliver: (mac, frame) => {
        const phone = this.#phoneByMac(mac);
        phone?.port.send(frame);
        return phone !== undefined;
      },
    };
  }

  /** Adds a user to the tenant, or replaces the one with that UPN (POST /admin/users). */
  putUser(user: TenantUser): ReturnType<TenantDirectory['put']> {
    const outcome = this.directory.put(user);
    if (!('problem' in outcome)) this.events.emit('tenant');
    return outcome;
  }

  /** The live sessions, tokens hashed: what a server state file keeps. */
  sessions(): SavedSession[] {
    return [...this.#sessions].map(([hash, session]) => ({ tokenHash: hash, ...session }));
  }

  get deployment() {
    return this.options.tenant.deployment;
  }

  /** A phone said hello; the welcome tells it its deployment and emergency numbers. */
  phoneWelcomed(port: ClientPort, pcPort?: string) {
    if (!this.#phones.has(port.id)) {
      const phone: PhoneSide = { port, user: null, session: null, pcPort, webSignIn: false };
      this.#phones.set(port.id, phone);
      const mac = port.phone()?.mac.toLowerCase();
      // A phone back before its old socket closed is found on its new one.
      if (mac !== undefined) this.#phonesByMac.set(mac, phone);
    }
    return { sfb: this.deployment.sfb, emergencyNumbers: [...this.options.tenant.emergencyNumbers] };
  }

  /** Handles a sign-in, call, pairing or PC frame. */
  handle(port: ClientPort, frame: PhoneFrame): void {
    const dispatch = (): void | Promise<void> => {
      if (frame.type.startsWith('pc.')) return this.#handlePc(port, frame);
      const phone = this.#phones.get(port.id);
      if (!phone) return port.refuse('not-ready', `${frame.type}: send hello first`);
      return this.#handlePhone(phone, frame);
    };
    // A frame after one that waits on a hash waits its turn: a dial after a sign-in sees it signed in.
    const previous = this.#queues.get(port.id);
    const handled = previous ? previous.then(dispatch) : dispatch();
    if (!handled) return;
    const queued: Promise<void> = handled
      .catch((error: unknown) => port.refuse('bad-frame', `${frame.type}: ${(error as Error).message}`))
      .finally(() => {
        if (this.#queues.get(port.id) === queued) this.#queues.delete(port.id);
      });
    this.#queues.set(port.id, queued);
  }

  /**
   * Checks a password (by UPN) or a sign-in PIN (by extension) under the lockout rules
   * (sign-in-lockout.ts), per account and per `connection`; the hash runs off the event loop.
   */
  async checkCredentials(kind: 'password' | 'pin', account: string, secret: string, connection: string): Promise<CredentialCheck> {
    const known = kind === 'pin' ? this.directory.byExtension(account) : this.directory.byUpn(account);
    // PIN and password guesses count together against the user they belong to.
    const accountKey = known ? `user:${known.upn.toLowerCase()}` : `${kind}:${account.trim().toLowerCase()}`;
    const locked = () => this.accountLockout.lockedForMs(accountKey) > 0 || this.connectionLockout.lockedForMs(connection) > 0;
    if (locked()) return 'lockedOut';
    const user = kind === 'pin' ? await this.directory.withPin(account, secret) : await this.directory.withPassword(account, secret);
    // Guesses in flight when the lockout began get no answer either.
    if (locked()) return 'lockedOut';
    if (!user) {
      this.accountLockout.fail(accountKey);
      this.connectionLockout.fail(connection);
      return 'badCredentials';
    }
    this.accountLockout.succeed(accountKey);
    return user;
  }

  closed(port: ClientPort): void {
    this.#queues.delete(port.id);
    const pc = this.#pcs.get(port.id);
    if (pc) {
      this.#pcs.delete(port.id);
      if (pc.paired) this.#cabledPhone(pc)?.port.send({ type: 'pairing.end' });
    }
    const phone = this.#phones.get(port.id);
    const mac = phone?.port.phone()?.mac.toLowerCase();
    if (mac !== undefined && this.#phonesByMac.get(mac) === phone) {
      this.#phonesByMac.delete(mac);
      // Gone for good (not back on a new socket already): its calls end for the other end.
      this.calls.disconnected(phone!.port.phone()!.mac);
    }
    if (this.#phones.delete(port.id)) {
      for (const other of this.#pcs.values()) {
        if (other.paired && !this.#cabledPhone(other)) {
          other.paired = false;
          other.port.send({ type: 'pc.pairing', state: 'unpaired' });
        }
      }
    }
  }

  /** Rings a phone (by MAC or by the UPN signed in on it); false when no such phone is connected. */
  ring(target: string, from: string): boolean {
    const wanted = target.toLowerCase();
    const phone = [...this.#phones.values()].find(
      (candidate) => candidate.port.phone()?.mac.toLowerCase() === wanted || candidate.user?.upn.toLowerCase() === wanted,
    );
    if (!phone) return false;
    phone.port.send({ type: 'call.incoming', call: { id: this.#callId(), party: from, direction: 'incoming', answerAfterMs: 0 } });
    return true;
  }

  /**
   * The browser side of web sign-in finished for the phone (by MAC) that owned the code: signed in,
   * or why the service refused (the phone shows it too, the page says it); `notConnected` when the
   * phone is not connected or its connection did not ask for web sign-in: the token goes to no one else.
   */
  completeWebSignIn(mac: string, user: DirectoryUser): SignInRefusal | 'signedIn' | 'notConnected' {
    const phone = this.#phoneByMac(mac);
    if (!phone?.webSignIn) return 'notConnected';
    return this.#signIn(phone, user, 'web') ?? 'signedIn';
  }

  /** The model of a connected phone, by MAC, for the web page's "[Manufacturer] ... Certified Phone". */
  phoneProfile(mac: string) {
    const model = this.#phoneByMac(mac)?.port.phone()?.model;
    return model === undefined ? undefined : this.data.profiles.get(model);
  }

  /** The language of the connected phone (by MAC) that asked for a web sign-in code, if it said. */
  phoneLocale(mac: string): Locale | undefined {
    return this.#phoneByMac(mac)?.webLocale;
  }

  #handlePhone(phone: PhoneSide, frame: PhoneFrame): void | Promise<void> {
    switch (frame.type) {
      case 'signIn.request':
        return this.#credentialSignIn(phone, frame);
      case 'signIn.resume': {
        const hash = tokenHash(frame.token);
        const session = this.#sessions.get(hash);
        const user = session && this.directory.byUpn(session.upn);
        if (!session || !user) return phone.port.send({ type: 'signIn.refused', reason: 'sessionExpired' });
        this.#endSession(hash);
        this.#signIn(phone, user, session.method);
        return;
      }
      case 'signOut':
        return this.#signOut(phone);
      case 'webSignIn.start': {
        // A phone back from a reconnect keeps the code it shows while the service knows it; else it gets a new one.
        const mac = phone.port.phone()!.mac;
        const kept = frame.code === undefined ? undefined : this.codes.lookup(frame.code);
        const issued = kept?.status === 'valid' && kept.entry.owner === mac ? kept.entry : this.codes.issue(mac);
        phone.webSignIn = true;
        phone.webLocale = frame.locale;
        return phone.port.send({
          type: 'webSignIn.code',
          code: issued.code,
          url: this.options.signInUrl(),
          expiresInMs: issued.expiresAt - this.options.clock.now(),
        });
      }
      case 'webSignIn.cancel':
        phone.webSignIn = false;
        return this.codes.revoke(phone.port.phone()!.mac);
      case 'call.dial':
        return this.#dial(phone, frame.party);
      // Calls with the stand-in far end keep no state here; the router knows those between phones.
      case 'call.answer':
        return this.calls.answered(phone.port.phone()!.mac, frame.id);
      case 'call.hangUp':
        return this.calls.hungUp(phone.port.phone()!.mac, frame.id);
      case 'pairing.answer': {
        const pc = this.#pcOf(phone);
        // A phone back from a restart says it was paired: with no PC cabled to it any more, it is not.
        if (!pc) return frame.outcome === 'paired' ? phone.port.send({ type: 'pairing.end' }) : undefined;
        pc.paired = frame.outcome === 'paired';
        const state = frame.outcome === 'paired' ? 'paired' : frame.outcome === 'codeRequired' ? 'codeRequired' : 'refused';
        return pc.port.send(frame.reason ? { type: 'pc.pairing', state, reason: frame.reason } : { type: 'pc.pairing', state });
      }
      case 'pairing.lock': {
        const pc = this.#pcOf(phone);
        if (pc?.paired) pc.port.send({ type: 'pc.phoneLock', locked: frame.locked });
        return;
      }
      case 'lock.verify':
        return this.#verifyLock(phone, frame);
      default:
        return phone.port.refuse('bad-frame', `${frame.type}: a PC frame, sent by a phone`);
    }
  }

  async #credentialSignIn(phone: PhoneSide, frame: Frame<'signIn.request'>): Promise<void> {
    const { credentials } = frame;
    const method = credentials.method;
    const access = signInAccess(this.deployment, method);
    if (!access.allowed) return this.#refuse(phone, access.reason);
    const connection = `ws:${phone.port.id}`;
    const user =
      credentials.method === 'userId'
        ? await this.checkCredentials('password', credentials.user, credentials.password, connection)
        : await this.checkCredentials('pin', credentials.extension, credentials.pin, connection);
    // The phone left while its hash ran: nothing to tell it.
    if (this.#phones.get(phone.port.id) !== phone) return;
    if (typeof user === 'string') return this.#refuse(phone, user);
    this.#signIn(phone, user, method);
  }

  /**
   * Forgot on a lock screen: the password (or sign-in PIN) of the user this server signed in on
   * this connection, checked like a sign-in (a wrong one counts toward the sign-in lockout).
   * A web (or via-PC) session has no secret the phone could know: it is refused.
   */
  async #verifyLock(phone: PhoneSide, frame: Frame<'lock.verify'>): Promise<void> {
    const user = phone.user;
    const session = phone.session === null ? undefined : this.#sessions.get(phone.session);
    if (!user || !session) return phone.port.send({ type: 'lock.verified', ok: false, reason: 'notSignedIn' });
    const expected = session.method === 'userId' ? 'password' : session.method === 'pin' ? 'pin' : null;
    if (expected !== frame.method) return phone.port.send({ type: 'lock.verified', ok: false, reason: 'notCredentialSignIn' });
    const account = frame.method === 'pin' ? user.extension : user.upn;
    const checked = account === undefined ? 'badCredentials' : await this.checkCredentials(frame.method, account, frame.secret, `ws:${phone.port.id}`);
    if (this.#phones.get(phone.port.id) !== phone) return;
    if (typeof checked === 'string') return phone.port.send({ type: 'lock.verified', ok: false, reason: checked });
    // The secret must be this user's own, not another account's that happens to match.
    if (checked.upn.toLowerCase() !== user.upn.toLowerCase()) return phone.port.send({ type: 'lock.verified', ok: false, reason: 'badCredentials' });
    phone.port.send({ type: 'lock.verified', ok: true });
  }

  /** The checks every method shares: the profile offers it here, the table allows it, the user is licensed. */
  #signIn(phone: PhoneSide, user: DirectoryUser, method: SignInMethod): SignInRefusal | null {
    const model = phone.port.phone()?.model;
    const offered = model === undefined ? [] : (this.data.profiles.get(model)?.signIn[this.deployment.sfb] ?? []);
    const access = signInAccess(this.deployment, method);
    const minimum = this.#onlineMinimumAbove(phone);
    const refusal: SignInRefusal | null = !access.allowed
      ? access.reason
      : !offered.includes(method)
        ? 'methodNotOffered'
        : minimum !== null
          ? 'belowOnlineMinimum'
          : !user.licenses.includes('PhoneSystem')
            ? 'noPhoneSystem'
            : null;
    if (refusal === 'belowOnlineMinimum' && minimum !== null) {
      phone.port.send({ type: 'signIn.refused', reason: refusal, minimum });
      return refusal;
    }
    if (refusal) {
      this.#refuse(phone, refusal);
      return refusal;
    }
    if (phone.session) this.#endSession(phone.session);
    const token = randomUUID();
    phone.session = tokenHash(token);
    this.#sessions.set(phone.session, { upn: user.upn, method });
    this.events.emit('sessions');
    phone.user = user;
    phone.webSignIn = false;
    phone.port.setUser(user.upn);
    phone.port.send({
      type: 'signIn.accepted',
      token,
      user: { upn: user.upn, displayName: displayNameOf(user), method, exchange: access.allowed && access.exchange },
    });
    return null;
  }

  /**
   * Online, the family's minimum firmware when the phone runs a build below it: such a phone
   * cannot sign in until it is updated (in-band update still offers it a build). On-premises
   * the Online minimum does not apply.
   */
  #onlineMinimumAbove(phone: PhoneSide): string | null {
    const device = phone.port.phone();
    if (this.deployment.sfb !== 'online' || !device) return null;
    const family = this.data.families.get(this.data.profiles.get(device.model)?.firmwareFamily ?? '');
    if (!family) return null;
    return compareVersions(family.versionScheme, device.firmware, family.onlineMinimum) < 0 ? family.onlineMinimum : null;
  }

  #refuse(phone: PhoneSide, reason: SignInRefusal): void {
    phone.port.send({ type: 'signIn.refused', reason });
  }

  #signOut(phone: PhoneSide): void {
    if (phone.session) this.#endSession(phone.session);
    phone.user = null;
    phone.session = null;
    phone.port.setUser(null);
  }

  #endSession(hash: string): void {
    if (this.#sessions.delete(hash)) this.events.emit('sessions');
  }

  #dial(phone: PhoneSide, party: string): void {
    const refuse = (reason: CallRefusal) => phone.port.send({ type: 'call.refused', party, reason });
    if (!phone.user) return refuse('notSignedIn');
    const target = this.directory.classify(party);
    if (target.kind === 'unknown') return refuse('unknownNumber');
    // Calls to users need no Calling Plan; calls to phone numbers do. Emergency numbers always dial.
    if (target.kind === 'pstn' && !phone.user.licenses.includes('CallingPlan')) return refuse('noCallingPlan');
    const id = this.#callId();
    // A user signed in on another phone here: that phone rings; else the stand-in far end answers.
    const mac = phone.port.phone()!.mac;
    if (target.kind === 'user' && target.user && this.calls.place({ id, callerMac: mac, callerName: displayNameOf(phone.user), party, calleeUpn: target.user.upn })) return;
    phone.port.send({
      type: 'call.placed',
      call: { id, party, direction: 'outgoing', answerAfterMs: this.options.farEndAnswerMs },
    });
  }

  #handlePc(port: ClientPort, frame: PhoneFrame): void | Promise<void> {
    if (frame.type === 'pc.hello') {
      const phone = this.#phoneByMac(frame.phone);
      if (!phone) return port.refuse('unknown-phone', `pc.hello: phone: no phone with MAC ${frame.phone} is connected`);
      // A PC reaches a phone only through the PC port the phone's own process grants (docs/protocol.md).
      if (phone.pcPort === undefined || frame.pcPort === undefined || !sameSecret(phone.pcPort, frame.pcPort)) {
        const why = frame.pcPort === undefined ? 'no pcPort key given' : phone.pcPort === undefined ? 'that phone has no PC port' : 'not the key of its PC port';
        return port.refuse('not-cabled', `pc.hello: pcPort: ${why}: a PC reaches phone ${frame.phone} only with the key its own process grants`);
      }
      this.#pcs.set(port.id, { port, os: frame.os, link: frame.link, phoneMac: phone.port.phone()!.mac, pcPort: frame.pcPort, paired: false });
      return port.send({
        type: 'pc.welcome',
        phone: { model: phone.port.phone()!.model, mac: phone.port.phone()!.mac, user: phone.user?.upn ?? null },
      });
    }
    const pc = this.#pcs.get(port.id);
    if (!pc) return port.refuse('not-ready', `${frame.type}: send pc.hello first`);
    const phone = this.#cabledPhone(pc);
    if (!phone) return port.refuse('unknown-phone', `${frame.type}: the phone ${pc.phoneMac} is no longer connected`);
    switch (frame.type) {
      case 'pc.pair':
        return phone.port.send({ type: 'pairing.request', os: pc.os });
      case 'pc.pairCode':
        return phone.port.send({ type: 'pairing.code', code: frame.code });
      case 'pc.lock':
        if (pc.paired) phone.port.send({ type: 'pairing.pcLock', locked: frame.locked });
        return;
      case 'pc.call':
        if (pc.paired) phone.port.send({ type: 'pairing.dial', party: frame.party });
        return;
      case 'pc.signIn':
        return this.#pcSignIn(pc, phone, frame);
      default:
        return port.refuse('bad-frame', `${frame.type}: a phone frame, sent by a PC`);
    }
  }

  async #pcSignIn(pc: PcSide, phone: PhoneSide, frame: Frame<'pc.signIn'>): Promise<void> {
    const { port } = pc;
    // A BToE PC signs in once paired; a LPE phone's tethered PC needs only the cable.
    if (pc.link === 'ethernet' && !pc.paired) return port.send({ type: 'pc.signIn', outcome: 'refused', reason: 'notPaired' });
    const user = await this.checkCredentials('password', frame.user, frame.password, `ws:${port.id}`);
    if (this.#pcs.get(port.id) !== pc) return;
    if (this.#phones.get(phone.port.id) !== phone) return port.refuse('unknown-phone', `pc.signIn: the phone ${pc.phoneMac} is no longer connected`);
    const refusal = typeof user === 'string' ? user : this.#signIn(phone, user, pc.link === 'usb' ? 'usb' : 'pc');
    return port.send(refusal ? { type: 'pc.signIn', outcome: 'refused', reason: refusal } : { type: 'pc.signIn', outcome: 'signedIn' });
  }

  #phoneByMac(mac: string): PhoneSide | undefined {
    return this.#phonesByMac.get(mac.toLowerCase());
  }

  /** The phone a PC is cabled to: its MAC's connection, with the PC port key the PC was admitted with. */
  #cabledPhone(pc: PcSide): PhoneSide | undefined {
    const phone = this.#phoneByMac(pc.phoneMac);
    return phone?.pcPort !== undefined && sameSecret(phone.pcPort, pc.pcPort) ? phone : undefined;
  }

  #pcOf(phone: PhoneSide): PcSide | undefined {
    const mac = phone.port.phone()?.mac.toLowerCase();
    return [...this.#pcs.values()].find((pc) => pc.phoneMac.toLowerCase() === mac && pc.pcPort === phone.pcPort);
  }

  #callId(): string {
    return `call-${this.#nextCall++}`;
  }
}
