import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { readImageHeader } from '../core/firmware-image.js';
import type { FirmwareOffer, PhoneEmitted } from '../core/phone-types.js';
import { deviceProfile, firmware as firmwareOf, identity as identityOf, isRunning, updatePhase } from '../core/selectors.js';
import { seededRandom } from '../core/seeded-random.js';
import type { VirtualClock } from '../core/virtual-clock.js';
import { decodeServerFrame, encodeFrame, maxFrameBytes } from '../protocol/codec.js';
import type { FrameBody, PhoneFrame, ServerFrame } from '../protocol/frames.js';
import { sharedDecoder } from '../protocol/shared-decode.js';
import type { PhoneActor } from './create-phone.js';
import { downloadImage, TransferError } from './firmware-download.js';
import { HeldWork } from './held-work.js';
import { linkIdentity, type LinkPort } from './identity-link.js';
import type { NetworkProvisioningPort } from './network-provisioning.js';
import { changedStatus, statusFrame, type LinkStatus } from './link-status.js';
import type { PendingWork } from './pending-work.js';
import { ReconnectBackoff } from './reconnect-backoff.js';
import { ScreenWatch } from './screen-watch.js';

export interface LinkEvents {
  frame: [direction: 'in' | 'out', frame: string];
  problem: [message: string];
}

export interface PhoneLink {
  readonly events: EventEmitter<LinkEvents>;
  /** The last thing that went wrong (a refused frame, a failed download, a dead server), or null. */
  readonly lastProblem: string | null;
  /** Why the server last answered that there is no update for this phone, or null once it offered one. */
  readonly noUpdateReason: string | null;
  /**
   * Why the phone's last update failed for a reason trying again will not cure (the image refused,
   * a rollback), until it reconnects; null otherwise. A cut or unreachable transfer does not count.
   */
  readonly updateFailure: string | null;
  /**
   * The key of the phone's PC port, sent in hello: a PC that gives it in pc.hello is the one cabled
   * to this phone (the TUI's PC panel, a scenario's pc: steps, phone-emu pc through pc-port.ts).
   */
  readonly pcPort: string;
  /** Resolves once nothing waits on the server: a step of virtual time may then proceed. */
  whenSettled(): Promise<void>;
  close(): void;
}

/** Frames decode into fresh objects; phones told the same thing share one copy. */
const sharedValues = new Map<string, unknown>();
const maxSharedValues = 256;

/** The copies oneCopy has handed out: handed again as they are, without writing them out to compare. */
const sharedCopies = new WeakSet<object>();

/** The one copy of an equal immutable value: a fleet's phones hold one policy, not ten thousand. */
function oneCopy<T>(value: T): T {
  if (typeof value === 'object' && value !== null && sharedCopies.has(value)) return value;
  const key = JSON.stringify(value);
  const known = sharedValues.get(key);
  if (known !== undefined) return known as T;
  if (sharedValues.size >= maxSharedValues) sharedValues.clear();
  sharedValues.set(key, value);
  if (typeof value === 'object' && value !== null) sharedCopies.add(value);
  return value;
}

/** A fleet's phones are sent the very same welcome, offer and answer: each parsed and checked once. */
const decodeShared = sharedDecoder(decodeServerFrame, new Set(['welcome', 'update.offer', 'update.none']));

/** A server that accepts the connection but never completes the handshake is given up on (wall time). */
const handshakeTimeoutMs = 15_000;

export interface LinkOptions {
  readonly url: string;
  readonly clock: VirtualClock;
  /** A counter shared with other links (a fleet); by default the link has its own. */
  readonly work?: PendingWork;
  /** The PC port key, when the phone already has one (kept in its state file); a new random one otherwise. */
  readonly pcPort?: string | undefined;
  /** Hears the provisioning server the network names (welcome, network.options): network-provisioning.ts. */
  readonly networkProvisioning?: NetworkProvisioningPort | undefined;
}

/** A new PC port key: 144 random bits. */
export const newPcPortKey = (): string => randomBytes(18).toString('base64url');

/**
 * Connects a phone actor to an update server: turns what the phone emits into frames
 * and HTTP downloads, and what the server answers into phone events. Reconnection
 * waits on the actor's clock, so virtual time governs it too.
 */
export function linkPhone(actor: PhoneActor, options: LinkOptions): PhoneLink {
  return new ServerLink(actor, options);
}

/**
 * One phone's link. A class, not an object of closures: a fleet holds ten thousand links,
 * and each closure costs every one of them. Its parts: the held work (held-work.ts), the
 * backoff (reconnect-backoff.ts), the status sent on change (link-status.ts), the identity
 * frames (identity-link.ts); here the socket, the server's frames and the phone's events.
 */
class ServerLink implements PhoneLink, LinkPort {
  // Made on first use: a fleet's ten thousand links never have listeners.
  #events: EventEmitter<LinkEvents> | undefined;
  lastProblem: string | null = null;
  noUpdateReason: string | null = null;
  updateFailure: string | null = null;
  readonly pcPort: string;
  /**
   * The last download's transfer failed (a server restarting, a cut connection): no verdict on
   * the update, the phone tries again at its next check. The machine reports the failure once
   * its own progress has run out, after the transfer ended.
   */
  #transferFailed = false;
  readonly #work: HeldWork;
  #socket: WebSocket | undefined;
  #closed = false;
  readonly #backoff: ReconnectBackoff;
  /** The phone is up and this link has taken it in hand (at its boot, or found running when restored). */
  #powered = false;
  /** The phone came up since the last welcome: the network's provisioning server is read again, as at every boot. */
  #cameUp = false;
  /** What the last status frame on this socket said, to send only changes. */
  #lastStatus: LinkStatus | null = null;
  /** The socket whose writes are held for the end of this tick (#holdWrites). */
  #held: Socket | undefined;
  /** A status report is queued for the end of this tick (#statusSoon). */
  #statusDue = false;
  /** Replies (welcome, offer or none) the current socket still owes. */
  #owed = 0;
  readonly #identity: ReturnType<typeof linkIdentity>;
  readonly #subscriptions: readonly { unsubscribe(): void }[];
  /** Made when a web console first watches this phone (screen-watch.ts). */
  #screen: ScreenWatch | undefined;

  constructor(
    private readonly actor: PhoneActor,
    private readonly options: LinkOptions,
  ) {
    this.#work = new HeldWork(options.work);
    this.pcPort = options.pcPort ?? newPcPortKey();
    this.#backoff = new ReconnectBackoff(options.clock, seededRandom(identityOf(actor.getSnapshot()).mac));
    this.#identity = linkIdentity(actor, this);
    // One listener for everything the phone emits: each subscription costs a few hundred bytes.
    this.#subscriptions = [actor.on('*', (event) => this.#onEmitted(event)), actor.subscribe(() => this.#onSnapshot())];
  }

  get events(): EventEmitter<LinkEvents> {
    this.#events ??= new EventEmitter<LinkEvents>();
    return this.#events;
  }

  whenSettled(): Promise<void> {
    return this.#work.shared.settled();
  }

  close(): void {
    this.#closed = true;
    this.#backoff.cancel();
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.#disconnect();
    this.#work.release();
  }

  owe(): void {
    this.#owed += 1;
    this.#work.begin();
  }

  paid(): void {
    if (this.#owed === 0) return;
    this.#owed -= 1;
    this.#work.end();
  }

  send(body: FrameBody<PhoneFrame>): boolean {
    const socket = this.#socket;
    if (socket?.readyState !== WebSocket.OPEN) return false;
    const text = encodeFrame<PhoneFrame>(body);
    this.#events?.emit('frame', 'out', text);
    this.#holdWrites(socket);
    socket.send(text);
    return true;
  }

  /**
   * This tick's frames leave in one write: after a welcome a phone sends its result, its check
   * and its status together, one system call instead of three (each is most of a frame's cost).
   * Held until the microtasks queued now have run, the status among them (#statusSoon).
   */
  #holdWrites(socket: WebSocket): void {
    // ws keeps its net.Socket as `_socket`; without it (never, in ws 8) frames simply go one by one.
    const raw = (socket as unknown as { _socket?: Socket })._socket;
    if (!raw || this.#held === raw) return;
    this.#held = raw;
    raw.cork();
    queueMicrotask(() =>
      queueMicrotask(() => {
        if (this.#held === raw) this.#held = undefined;
        raw.uncork();
      }),
    );
  }

  #problem(message: string): void {
    this.lastProblem = message;
    this.#events?.emit('problem', message);
  }

  #connect(): void {
    if (this.#closed) return;
    const ws = new WebSocket(this.options.url, { maxPayload: maxFrameBytes, perMessageDeflate: false, handshakeTimeout: handshakeTimeoutMs });
    this.#socket = ws;
    this.owe(); // the welcome
    ws.on('open', () => this.#hello());
    ws.on('message', (raw, isBinary) => {
      if (this.#socket === ws && !isBinary) this.#receive(ws, raw);
    });
    ws.on('error', (error) => this.#problem(`update server ${this.options.url}: ${error.message}`));
    ws.on('close', () => {
      if (this.#socket === ws) this.#dropped();
    });
  }

  #hello(): void {
    const snapshot = this.actor.getSnapshot();
    const { mac, serial } = identityOf(snapshot);
    this.send({ type: 'hello', device: { model: deviceProfile(snapshot).id, mac, serial, firmware: firmwareOf(snapshot) }, pcPort: this.pcPort });
  }

  #receive(ws: WebSocket, raw: WebSocket.RawData): void {
    // The last guard: a frame that breaks this phone's handling closes its connection (it
    // reconnects), never the process, which in a fleet holds thousands of phones.
    try {
      const text = raw.toString();
      this.#events?.emit('frame', 'in', text);
      const decoded = decodeShared(text);
      if (decoded.ok) this.#handle(decoded.frame);
      else this.#problem(`the server sent a frame this phone cannot read: ${decoded.message}`);
    } catch (error) {
      this.#problem(`a frame from the server broke this phone's link (${(error as Error).message}); reconnecting`);
      ws.terminate();
    }
  }

  /** The socket closed under the link: nothing owed survives it, and the link tries again. */
  #dropped(): void {
    this.#socket = undefined;
    this.#forgetOwed();
    this.actor.send({ type: 'server.disconnected' });
    if (!this.#closed) this.#backoff.schedule(() => this.#connect());
  }

  #disconnect(): void {
    const ws = this.#socket;
    this.#socket = undefined;
    this.#forgetOwed();
    // A phone that reboots loses power: no closing handshake, and no socket left lingering
    // beside the one it opens when it comes back (a fleet reboots thousands at once).
    ws?.terminate();
  }

  #forgetOwed(): void {
    while (this.#owed > 0) this.paid();
    this.#identity.reset();
  }

  /** What the server says, as phone events; replies the link waited for are paid. */
  #handle(frame: ServerFrame): void {
    const actor = this.actor;
    switch (frame.type) {
      case 'welcome':
        return this.#welcomed(frame);
      case 'update.offer':
        this.noUpdateReason = null;
        actor.send({ type: 'server.updateOffered', offer: oneCopy(frame.offer), nextCheckMs: frame.nextCheckMs });
        return this.paid();
      case 'update.none':
        // Shared: a fleet's phones are mostly told the same thing.
        this.noUpdateReason = oneCopy(frame.reason);
        actor.send({ type: 'server.noUpdate', nextCheckMs: frame.nextCheckMs });
        return this.paid();
      case 'policy.changed':
        actor.send({ type: 'server.policyChanged', policy: frame.policy });
        return;
      case 'network.options':
        this.options.networkProvisioning?.told(frame.provisioningServer, true);
        return;
      case 'error':
        this.#problem(`the server refused a frame: ${frame.message}`);
        return this.paid();
      case 'screen.watch':
        return this.#screenWatch().watch(frame.watch);
      case 'keys':
        return this.#screenWatch().press(frame.keys);
      default:
        if (!this.#identity.handle(frame)) this.#problem(`the server sent ${frame.type}, a frame for a PC`);
    }
  }

  #welcomed(frame: Extract<ServerFrame, { type: 'welcome' }>): void {
    this.#backoff.reset();
    // What went wrong before this connection (a download cut by a server restart) is behind the
    // phone: it tries again at its next check. A rollback is news of this connection (update.resultDue).
    this.lastProblem = null;
    this.updateFailure = null;
    this.#lastStatus = null;
    this.#screen?.reset();
    this.#identity.welcomed(frame.tenant && oneCopy(frame.tenant));
    this.actor.send({ type: 'server.connected', settings: oneCopy(frame.settings), policy: oneCopy(frame.policy) });
    // Before the welcome is paid: the read it starts is work virtual time waits for.
    this.options.networkProvisioning?.told(frame.provisioningServer ?? null, this.#cameUp);
    this.#cameUp = false;
    this.#statusSoon();
    this.paid();
  }

  /** What the phone emits, as frames, downloads and connections. */
  #onEmitted(event: PhoneEmitted): void {
    switch (event.type) {
      case 'phone.booted':
        this.#powered = true;
        this.#cameUp = true;
        return this.#connect();
      case 'update.resultDue':
        return this.#reportResult(event);
      case 'phone.shuttingDown':
        this.#powered = false;
        return this.#disconnect();
      case 'update.checkRequested':
        return this.#checkForUpdate();
      case 'download.requested':
        return void this.#download(event.offer);
      case 'update.failed':
        this.lastProblem = event.reason;
        if (!this.#transferFailed) this.updateFailure = event.reason;
        this.send({ type: 'update.result', version: event.version, outcome: 'failed', reason: event.reason });
        return;
      default:
        this.#identity.emitted(event);
    }
  }

  /** Once connected, the machine hands over what its last install did, then forgets it. */
  #reportResult({ installed, rolledBack, firmware }: Extract<PhoneEmitted, { type: 'update.resultDue' }>): void {
    if (installed) this.send({ type: 'update.result', version: installed.to, previous: installed.from, outcome: 'installed' });
    if (rolledBack) {
      const reason = `${rolledBack.reason}; rolled back to ${firmware}`;
      this.send({ type: 'update.result', version: rolledBack.version, previous: firmware, outcome: 'failed', reason });
      this.lastProblem = this.updateFailure = reason;
    }
  }

  #checkForUpdate(): void {
    if (!this.send({ type: 'update.check', firmware: firmwareOf(this.actor.getSnapshot()) })) {
      this.actor.send({ type: 'server.disconnected' });
      return;
    }
    this.owe();
  }

  async #download(offer: FirmwareOffer): Promise<void> {
    this.#transferFailed = false;
    this.#work.begin();
    try {
      const image = await downloadImage(offer.url);
      const actual = image.sha256;
      if (actual !== offer.sha256) throw new Error(`sha256 mismatch: expected ${offer.sha256.slice(0, 12)}..., got ${actual.slice(0, 12)}...`);
      this.actor.send({ type: 'download.verified', image: readImageHeader(image.head) });
    } catch (error) {
      this.#transferFailed = error instanceof TransferError;
      this.actor.send({ type: 'download.failed', reason: (error as Error).message });
    } finally {
      this.#work.end();
    }
  }

  #onSnapshot(): void {
    this.#takeOver();
    this.#statusSoon();
    this.#screen?.changed();
  }

  #screenWatch(): ScreenWatch {
    this.#screen ??= new ScreenWatch(this.actor, (body) => this.send(body));
    return this.#screen;
  }

  /**
   * A phone restored from its snapshot comes up running without booting: no `phone.booted`.
   * The restart cut it off from the server and ended the transfer it ran, so it hears both,
   * as after any dropped connection, then the link connects.
   */
  #takeOver(): void {
    const snapshot = this.actor.getSnapshot();
    if (this.#powered || !isRunning(snapshot)) return;
    this.#powered = true;
    this.#cameUp = true;
    this.actor.send({ type: 'server.disconnected' });
    if (updatePhase(snapshot) === 'downloading') this.actor.send({ type: 'download.lost' });
    this.#connect();
  }

  /**
   * The status once this tick's events are handled: the changes of one tick (the welcome's
   * idle and the check it starts) make one frame, and the status is worked out once a tick.
   */
  #statusSoon(): void {
    if (this.#statusDue) return;
    this.#statusDue = true;
    queueMicrotask(() => {
      this.#statusDue = false;
      if (!this.#closed) this.#reportStatus();
    });
  }

  /** Tells the server what the phone is doing and what warnings it has, when that changes. */
  #reportStatus(): void {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status !== 'active' || this.#socket?.readyState !== WebSocket.OPEN) return;
    const status = changedStatus(snapshot, this.#lastStatus);
    if (status === null) return;
    this.#lastStatus = status;
    this.send(statusFrame(status));
  }
}
