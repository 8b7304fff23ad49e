import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { readImageHeader } from '../core/firmware-image.js';
import type { FirmwareOffer, PhoneContext, PhoneEmitted } from '../core/phone-types.js';
import { deviceProfile, firmware as firmwareOf, identity as identityOf, isRunning, signedInUser, updatePhase, warnings as warningsOf } from '../core/selectors.js';
import { seededRandom } from '../core/seeded-random.js';
import type { VirtualClock } from '../core/virtual-clock.js';
import { decodeServerFrame, encodeFrame, maxFrameBytes } from '../protocol/codec.js';
import { updateStates, type UpdateState, type FrameBody, type PhoneFrame, type ServerFrame } from '../protocol/frames.js';
import type { PhoneActor } from './create-phone.js';
import { downloadImage, TransferError } from './firmware-download.js';
import { PendingWork } from './pending-work.js';
import { linkIdentity } from './identity-link.js';

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

/** The one copy of an equal immutable value: a fleet's phones hold one policy, not ten thousand. */
function oneCopy<T>(value: T): T {
  const key = JSON.stringify(value);
  const known = sharedValues.get(key);
  if (known !== undefined) return known as T;
  if (sharedValues.size >= maxSharedValues) sharedValues.clear();
  sharedValues.set(key, value);
  return value;
}

/** Equal as the server sees them; usually the very same array, so this costs nothing per event. */
function sameWarnings(a: PhoneContext['warnings'], b: PhoneContext['warnings']): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A server that accepts the connection but never completes the handshake is given up on (wall time). */
const handshakeTimeoutMs = 15_000;

const firstRetryMs = 5_000;
const maxRetryMs = 60_000;

export interface LinkOptions {
  readonly url: string;
  readonly clock: VirtualClock;
  /** A counter shared with other links (a fleet); by default the link has its own. */
  readonly work?: PendingWork;
  /** The PC port key, when the phone already has one (kept in its state file); a new random one otherwise. */
  readonly pcPort?: string | undefined;
}

/** A new PC port key: 144 random bits. */
export const newPcPortKey = (): string => randomBytes(18).toString('base64url');

/**
 * Connects a phone actor to an update server: turns what the phone emits into frames
 * and HTTP downloads, and what the server answers into phone events. Reconnection
 * waits on the actor's clock, so virtual time governs it too.
 */
export function linkPhone(actor: PhoneActor, options: LinkOptions): PhoneLink {
  // Made on first use: a fleet's ten thousand links never have listeners.
  let events: EventEmitter<LinkEvents> | undefined;
  let lastProblem: string | null = null;
  let noUpdateReason: string | null = null;
  let updateFailure: string | null = null;
  /**
   * The last download's transfer failed (a server restarting, a cut connection): no verdict on
   * the update, the phone tries again at its next check. The machine reports the failure once
   * its own progress has run out, after the transfer ended.
   */
  let transferFailed = false;
  const problem = (message: string) => {
    lastProblem = message;
    events?.emit('problem', message);
  };
  const shared = options.work ?? new PendingWork();
  /** What this link holds of the counter, handed back on close. */
  let held = 0;
  const work = {
    begin: () => {
      held += 1;
      shared.begin();
    },
    end: () => {
      if (held === 0) return;
      held -= 1;
      shared.end();
    },
  };
  const pcPort = options.pcPort ?? newPcPortKey();
  let socket: WebSocket | undefined;
  let closed = false;
  let retryMs = firstRetryMs;
  const jitter = seededRandom(identityOf(actor.getSnapshot()).mac);
  let retryTimer: number | undefined;
  /** The install (or rollback) to report once the server has welcomed the rebooted phone. */
  /** The phone is up and this link has taken it in hand (at its boot, or found running when restored). */
  let powered = false;
  /** What the last status frame on this socket said, to send only changes. */
  let lastStatus: { update: UpdateState; warnings: PhoneContext['warnings']; user: string | undefined } | null = null;
  /** Replies (welcome, offer or none) the current socket still owes. */
  let owed = 0;

  const owe = () => {
    owed += 1;
    work.begin();
  };
  const paid = () => {
    if (owed === 0) return;
    owed -= 1;
    work.end();
  };

  const send = (body: FrameBody<PhoneFrame>): boolean => {
    if (socket?.readyState !== WebSocket.OPEN) return false;
    const text = encodeFrame<PhoneFrame>(body);
    events?.emit('frame', 'out', text);
    socket.send(text);
    return true;
  };

  const identity = linkIdentity(actor, { send, owe, paid });

  const handle = (frame: ServerFrame): void => {
    switch (frame.type) {
      case 'welcome': {
        retryMs = firstRetryMs;
        // What went wrong before this connection (a download cut by a server restart) is behind the
        // phone: it tries again at its next check. A rollback is news of this connection (update.resultDue).
        lastProblem = null;
        updateFailure = null;
        lastStatus = null;
        identity.welcomed(frame.tenant && oneCopy(frame.tenant));
        actor.send({ type: 'server.connected', settings: oneCopy(frame.settings), policy: oneCopy(frame.policy) });
        if (frame.provisioning) actor.send({ type: 'server.provisioningTarget', target: frame.provisioning });
        reportStatus();
        return paid();
      }
      case 'update.offer':
        noUpdateReason = null;
        actor.send({ type: 'server.updateOffered', offer: oneCopy(frame.offer), nextCheckMs: frame.nextCheckMs });
        return paid();
      case 'update.none':
        // Shared: a fleet's phones are mostly told the same thing.
        noUpdateReason = oneCopy(frame.reason);
        actor.send({ type: 'server.noUpdate', nextCheckMs: frame.nextCheckMs });
        return paid();
      case 'policy.changed':
        actor.send({ type: 'server.policyChanged', policy: frame.policy });
        return;
      case 'provisioning.target':
        actor.send({ type: 'server.provisioningTarget', target: frame.target });
        return;
      case 'error':
        problem(`the server refused a frame: ${frame.message}`);
        return paid();
      default:
        if (!identity.handle(frame)) problem(`the server sent ${frame.type}, a frame for a PC`);
    }
  };

  const connect = () => {
    if (closed) return;
    const ws = new WebSocket(options.url, { maxPayload: maxFrameBytes, perMessageDeflate: false, handshakeTimeout: handshakeTimeoutMs });
    socket = ws;
    owe(); // the welcome
    ws.on('open', () => {
      const snapshot = actor.getSnapshot();
      const { mac, serial } = identityOf(snapshot);
      send({ type: 'hello', device: { model: deviceProfile(snapshot).id, mac, serial, firmware: firmwareOf(snapshot) }, pcPort });
    });
    ws.on('message', (raw, isBinary) => {
      if (socket !== ws || isBinary) return;
      // The last guard: a frame that breaks this phone's handling closes its connection (it
      // reconnects), never the process, which in a fleet holds thousands of phones.
      try {
        const text = raw.toString();
        events?.emit('frame', 'in', text);
        const decoded = decodeServerFrame(text);
        if (decoded.ok) handle(decoded.frame);
        else problem(`the server sent a frame this phone cannot read: ${decoded.message}`);
      } catch (error) {
        problem(`a frame from the server broke this phone's link (${(error as Error).message}); reconnecting`);
        ws.terminate();
      }
    });
    ws.on('error', (error) => problem(`update server ${options.url}: ${error.message}`));
    ws.on('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      while (owed > 0) paid();
      identity.reset();
      actor.send({ type: 'server.disconnected' });
      scheduleRetry();
    });
  };

  const disconnect = () => {
    const ws = socket;
    socket = undefined;
    while (owed > 0) paid();
    identity.reset();
    // A phone that reboots loses power: no closing handshake, and no socket left lingering
    // beside the one it opens when it comes back (a fleet reboots thousands at once).
    ws?.terminate();
  };

  const scheduleRetry = () => {
    if (closed || retryTimer !== undefined) return;
    // Exponential backoff with jitter: half the delay is fixed, half random, so phones cut
    // off together by a server restart do not all come back in the same instant.
    const delay = Math.round(retryMs / 2 + jitter() * (retryMs / 2));
    retryTimer = options.clock.setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delay);
    retryMs = Math.min(maxRetryMs, retryMs * 2);
  };

  const checkForUpdate = () => {
    if (!send({ type: 'update.check', firmware: firmwareOf(actor.getSnapshot()) })) {
      actor.send({ type: 'server.disconnected' });
      return;
    }
    owe();
  };

  /** Tells the server what the phone is doing and what warnings it has, when that changes. */
  const reportStatus = () => {
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== 'active' || socket?.readyState !== WebSocket.OPEN) return;
    const state = updatePhase(snapshot);
    if (state === undefined) return;
    const update = (updateStates as readonly string[]).includes(state) ? (state as UpdateState) : 'idle';
    const warnings = warningsOf(snapshot);
    const user = signedInUser(snapshot)?.upn;
    if (lastStatus && update === lastStatus.update && user === lastStatus.user && sameWarnings(warnings, lastStatus.warnings)) return;
    lastStatus = { update, warnings, user };
    const shown = warnings.map(({ id, message }) => ({ id, message }));
    send(user === undefined ? { type: 'status', update, warnings: shown } : { type: 'status', update, warnings: shown, user });
  };

  const download = async (offer: FirmwareOffer) => {
    transferFailed = false;
    work.begin();
    try {
      const image = await downloadImage(offer.url);
      const actual = image.sha256;
      if (actual !== offer.sha256) throw new Error(`sha256 mismatch: expected ${offer.sha256.slice(0, 12)}..., got ${actual.slice(0, 12)}...`);
      actor.send({ type: 'download.verified', image: readImageHeader(image.head) });
    } catch (error) {
      transferFailed = error instanceof TransferError;
      actor.send({ type: 'download.failed', reason: (error as Error).message });
    } finally {
      work.end();
    }
  };

  // One listener for everything the phone emits: a fleet holds thousands of links, and
  // each subscription costs a few hundred bytes.
  const onEmitted = (event: PhoneEmitted) => {
    switch (event.type) {
      case 'phone.booted':
        powered = true;
        return connect();
      case 'update.resultDue': {
        // Once connected, the machine hands over what its last install did, then forgets it.
        const { installed, rolledBack, firmware } = event;
        if (installed) send({ type: 'update.result', version: installed.to, previous: installed.from, outcome: 'installed' });
        if (rolledBack) {
          const reason = `${rolledBack.reason}; rolled back to ${firmware}`;
          send({ type: 'update.result', version: rolledBack.version, previous: firmware, outcome: 'failed', reason });
          lastProblem = updateFailure = reason;
        }
        return;
      }
      case 'phone.shuttingDown':
        powered = false;
        return disconnect();
      case 'update.checkRequested':
        return checkForUpdate();
      case 'download.requested':
        return void download(event.offer);
      case 'update.failed':
        lastProblem = event.reason;
        if (!transferFailed) updateFailure = event.reason;
        send({ type: 'update.result', version: event.version, outcome: 'failed', reason: event.reason });
        return;
      default:
        identity.emitted(event);
    }
  };
  /**
   * A phone restored from its snapshot comes up running without booting: no `phone.booted`.
   * The restart cut it off from the server and ended the transfer it ran, so it hears both,
   * as after any dropped connection, then the link connects.
   */
  const takeOver = () => {
    const snapshot = actor.getSnapshot();
    if (powered || !isRunning(snapshot)) return;
    powered = true;
    actor.send({ type: 'server.disconnected' });
    if (updatePhase(snapshot) === 'downloading') actor.send({ type: 'download.lost' });
    connect();
  };
  const onSnapshot = () => {
    takeOver();
    reportStatus();
  };
  const subscriptions = [actor.on('*', onEmitted), actor.subscribe(onSnapshot)];

  return {
    get events() {
      events ??= new EventEmitter<LinkEvents>();
      return events;
    },
    get lastProblem() {
      return lastProblem;
    },
    get noUpdateReason() {
      return noUpdateReason;
    },
    get updateFailure() {
      return updateFailure;
    },
    pcPort,
    whenSettled: () => shared.settled(),
    close: () => {
      closed = true;
      if (retryTimer !== undefined) options.clock.clearTimeout(retryTimer);
      for (const subscription of subscriptions) subscription.unsubscribe();
      disconnect();
      while (held > 0) work.end();
    },
  };
}
