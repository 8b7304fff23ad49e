import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import type { DeviceProfile } from '../core/device-profile.js';
import { format } from '../core/messages/index.js';
import type { ServerSettings } from '../core/phone-types.js';
import { parseVersion } from '../core/version.js';
import { decodePhoneFrame, encodeFrame, maxFrameBytes, type Decoded } from '../protocol/codec.js';
import { sharedDecoder } from '../protocol/shared-decode.js';
import type { ErrorCode, FrameBody, PhoneFrame, ServerFrame } from '../protocol/frames.js';
import type { ProjectData } from '../profiles/load-data.js';
import type { MacClaims } from './connection-identity.js';
import type { ConsoleHub } from './console/console-hub.js';
import type { ClientPort, IdentityService } from './identity/identity-service.js';
import { closeReason, guarded, type ServerLimits } from './limits.js';
import type { PhoneOffers } from './phone-offers.js';
import { clipWarning, repairedByReport } from './records.js';
import { serverName, type ServerEvents } from './server-events.js';
import type { DeviceRecord, ServerStore } from './store.js';

/** A fleet's phones send the very same status, check and result: each text parsed and checked once. */
const decodeShared = sharedDecoder(decodePhoneFrame, new Set(['status', 'update.check', 'update.result']));

/** A connection that sends this many bad frames in a row is closed: it is not a phone, and replying costs. */
export const maxBadFramesInARow = 100;
/** A peer that does not read its replies is cut off before they pile up in this process. */
const maxBufferedBytes = 1024 * 1024;

/** What every connection shares: the server's data, state and services. */
export interface ConnectionContext {
  readonly data: ProjectData;
  readonly store: ServerStore;
  readonly identity: IdentityService;
  /** Which connection each MAC is bound to (connection-identity.ts): one live connection per phone. */
  readonly claims: MacClaims<PhoneConnection>;
  readonly limits: ServerLimits;
  readonly settings: ServerSettings;
  readonly offers: PhoneOffers;
  readonly events: EventEmitter<ServerEvents>;
  /** The web console's screens and watches (console/console-hub.ts). */
  readonly console?: ConsoleHub;
  /** Hold a tick's replies for one write (#batchWrites): on the wall clock only; under virtual time frames leave at once. */
  readonly batchWrites?: boolean;
}

type FrameOf<T extends PhoneFrame['type']> = Extract<PhoneFrame, { type: T }>;

/**
 * One WebSocket connection's side of the protocol (docs/protocol.md): hello and welcome, the
 * phone's frames, the bad-frame and hello limits, and which phone the connection is.
 */
export class PhoneConnection {
  /** Set once the phone has said hello. */
  phone?: { readonly mac: string; readonly family: string };
  /** The connection as the identity service sees it. */
  readonly port: ClientPort;
  readonly #helloDeadline: NodeJS.Timeout;
  #badInARow = 0;
  /** Whether the frame being handled was refused: refusals count toward the close as undecodable frames do. */
  #refusedThisFrame = false;
  /** Whether this tick's writes are being held (#batchWrites). */
  #corked = false;

  constructor(
    readonly id: number,
    private readonly socket: WebSocket,
    private readonly context: ConnectionContext,
    onClosed: () => void,
  ) {
    const { limits, store } = context;
    // A connection that never says hello is not a phone: it would hold a socket forever.
    this.#helloDeadline = setTimeout(() => socket.close(1008, closeReason(`no hello within ${limits.helloDeadlineMs} ms`)), limits.helloDeadlineMs);
    this.#helloDeadline.unref();
    this.port = {
      id,
      send: this.send,
      refuse: (code, message) => this.#refuse(code, message),
      phone: () => (this.phone ? store.device(this.phone.mac) : undefined),
      setUser: (user) => {
        if (this.phone) store.updateDevice(this.phone.mac, { user });
      },
    };
    socket.on('message', (raw: RawData, isBinary: boolean) =>
      this.#lastGuard(() => {
        // Only the replies to what the phone sent are held: a frame sent for anything else (a
        // web sign-in, the admin API, a timer) leaves at once, before that request's own answer.
        this.#batchWrites();
        this.#receive(raw, isBinary);
      }),
    );
    // A socket a worker holds (workers/socket-workers.ts) hands frames over read and checked.
    socket.on('decoded', (decoded: Decoded<PhoneFrame>) => this.#lastGuard(() => this.#receiveDecoded(decoded, undefined)));
    socket.on('close', () => this.#lastGuard(() => {
      clearTimeout(this.#helloDeadline);
      onClosed();
      const phone = this.phone;
      // A phone that reconnected already has a newer connection: leave its record alone.
      if (phone && context.claims.release(phone.mac, this)) store.updateDevice(phone.mac, { connected: false });
      context.identity.closed(this.port);
    }));
    socket.on('error', (error: Error & { code?: string }) => {
      // ws has already closed with 1009 (no room for an error frame first): say why on the server's console.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') context.events.emit('refused', this.id, `a frame over the ${maxFrameBytes / 1024} KiB a frame may have; closed with 1009 (message too big)`);
      socket.terminate();
    });
  }

  readonly send = (body: FrameBody<ServerFrame>): void => this.#sendText(encodeFrame<ServerFrame>(body));

  #sendText(text: string): void {
    if (this.socket.bufferedAmount > maxBufferedBytes) return this.socket.terminate();
    // Nobody listens outside tests and the console: an emit per frame is a cost every frame pays.
    if (this.context.events.listenerCount('frame') > 0) this.context.events.emit('frame', 'out', this.id, text);
    this.socket.send(text);
  }

  /**
   * Holds this tick's replies and writes them at once: the answers to frames that arrived in one
   * read (a client that does not wait for each reply) leave in one system call instead of one each.
   * Called when a frame arrives, not when one is sent.
   */
  #batchWrites(): void {
    if (this.#corked || !this.context.batchWrites) return;
    // ws keeps its net.Socket as `_socket`; without it (never, in ws 8) replies simply go one by one.
    const raw = (this.socket as unknown as { _socket?: Socket })._socket;
    if (!raw) return;
    raw.cork();
    this.#corked = true;
    process.nextTick(() => {
      this.#corked = false;
      raw.uncork();
    });
  }

  #refuse(code: ErrorCode, message: string): void {
    this.#refusedThisFrame = true;
    this.context.events.emit('refused', this.id, message);
    this.send({ type: 'error', code, message });
    this.#badInARow += 1;
    if (this.#badInARow >= maxBadFramesInARow) this.socket.close(1008, `${maxBadFramesInARow} bad frames in a row`);
  }

  /** The last guard: whatever one connection's input breaks closes that connection, never the process. */
  #lastGuard(work: () => void): void {
    guarded(work, (message) => {
      this.context.events.emit('problem', `connection ${this.id}: ${message}; closed it`);
      this.socket.terminate();
    });
  }

  #receive(raw: RawData, isBinary: boolean): void {
    if (isBinary) return this.#receiveDecoded({ ok: false, code: 'bad-frame', message: 'binary frames are not accepted: send JSON text' }, undefined);
    const text = rawText(raw);
    this.#receiveDecoded(decodeShared(text), text);
  }

  #receiveDecoded(decoded: Decoded<PhoneFrame>, text: string | undefined): void {
    this.#refusedThisFrame = false;
    if (this.context.events.listenerCount('frame') > 0 && (text !== undefined || decoded.ok)) {
      this.context.events.emit('frame', 'in', this.id, text ?? JSON.stringify(decoded.ok && decoded.frame));
    }
    if (!decoded.ok) return this.#refuse(decoded.code, decoded.message);
    try {
      this.#handle(decoded.frame);
    } catch (error) {
      const refusal = errorFrameFor(decoded.frame.type, error);
      this.#refuse(refusal.code, refusal.message);
    }
    if (this.#refusedThisFrame) return;
    this.#badInARow = 0;
    if (decoded.frame.type === 'hello' || decoded.frame.type === 'pc.hello') clearTimeout(this.#helloDeadline);
  }

  #handle(frame: PhoneFrame): void {
    const { identity, store } = this.context;
    // A PC speaks first with pc.hello; the identity service knows PCs.
    if (frame.type.startsWith('pc.')) return identity.handle(this.port, frame);
    const record = this.phone && store.device(this.phone.mac);
    if (frame.type !== 'hello' && !record) return this.#refuse('not-ready', `${frame.type}: send hello first`);
    switch (frame.type) {
      case 'hello':
        return this.#hello(frame);
      case 'update.check':
        return this.#updateCheck(frame, record!);
      case 'update.result':
        return this.#updateResult(frame, record!);
      case 'status':
        return this.#status(frame, record!);
      case 'screen':
        return this.context.console?.screen(record!.mac, frame.screen);
      default:
        return identity.handle(this.port, frame);
    }
  }

  #hello(frame: FrameOf<'hello'>): void {
    const { data, store, limits, claims } = this.context;
    const profile = data.profiles.get(frame.device.model);
    if (!profile) return this.#refuse('unknown-device', `hello: device.model: "${frame.device.model}" is not a known device id`);
    const badVersion = versionProblem(data, profile.firmwareFamily, frame.device.firmware);
    if (badVersion) return this.#refuse('bad-frame', `hello: device.firmware: ${badVersion}`);
    // One socket is one phone: a second MAC on it would leave the first one "connected" for ever.
    if (this.phone && this.phone.mac.toLowerCase() !== frame.device.mac.toLowerCase()) {
      return this.#refuse('bad-frame', `hello: device.mac: this connection is already phone ${this.phone.mac}; open a new connection for another phone`);
    }
    if (!store.device(frame.device.mac) && !store.makeRoomForDevice()) {
      return this.#refuse('bad-frame', `hello: the server keeps ${limits.maxDevices} devices and all are connected; try again later`);
    }
    const claimed = claims.claim(frame.device.mac, this, this.socket);
    if (typeof claimed === 'string') return this.#welcome(frame, profile, claimed);
    void claimed
      .then((outcome) => this.#lastGuard(() => this.#welcome(frame, profile, outcome)))
      .catch((error: unknown) => this.#refuse('bad-frame', `hello: ${(error as Error).message}`));
  }

  #welcome(frame: FrameOf<'hello'>, profile: DeviceProfile, outcome: 'granted' | 'refused'): void {
    const { store, identity, offers, settings } = this.context;
    const mac = frame.device.mac;
    if (outcome === 'refused') {
      this.#refuse('duplicate-mac', `hello: device.mac: ${mac} is already connected on another connection; a duplicate MAC is a network fault: give each phone its own MAC`);
      return this.socket.close(1008, 'duplicate MAC');
    }
    this.phone = { mac, family: profile.firmwareFamily };
    const known = store.device(mac);
    // Who is signed in is the server's to say (identity-service.ts): a new connection has no session until it resumes one.
    store.updateDevice(mac, { ...frame.device, connected: true, update: 'idle', user: null, ...(known && repairedByReport(known, frame.device.firmware)) });
    const provisioningServer = offers.provisioningServer(profile.firmwareFamily) ?? undefined;
    const tenantInfo = identity.phoneWelcomed(this.port, frame.pcPort);
    this.send({ type: 'welcome', server: serverName, settings, policy: store.policy(), provisioningServer, tenant: tenantInfo });
    this.context.console?.welcomed(mac, this.send);
  }

  #updateCheck(frame: FrameOf<'update.check'>, record: DeviceRecord): void {
    const { data, store, offers } = this.context;
    const badVersion = versionProblem(data, this.phone!.family, frame.firmware);
    if (badVersion) return this.#refuse('bad-frame', `update.check: firmware: ${badVersion}`);
    const phone = store.updateDevice(record.mac, { firmware: frame.firmware, ...repairedByReport(record, frame.firmware) })!;
    this.#sendText(offers.answerCheck(phone));
  }

  #updateResult(frame: FrameOf<'update.result'>, record: DeviceRecord): void {
    const { data, store } = this.context;
    const badVersion = frame.outcome === 'installed' ? versionProblem(data, this.phone!.family, frame.version) : undefined;
    if (badVersion) return this.#refuse('bad-frame', `update.result: version: ${badVersion}`);
    const lastResult = { version: frame.version, outcome: frame.outcome, previous: frame.previous, reason: frame.reason };
    store.updateDevice(
      record.mac,
      frame.outcome === 'installed' ? { firmware: frame.version, installed: store.withInstalled(record, frame.version), lastResult } : { lastResult },
    );
  }

  #status(frame: FrameOf<'status'>, record: DeviceRecord): void {
    const warnings = frame.warnings.map((warning) => clipWarning(format('en-US', warning.message)));
    // `user` is what the phone believes; the device list shows whom the server signed in.
    const { progress, lock, call, paired } = frame;
    this.context.store.updateDevice(record.mac, { update: frame.update, warnings, progress, lock, call, paired });
  }
}

/**
 * The WebSocket edge's reading of what a frame's handler threw: a store refusal (domain-errors.ts)
 * or a frame that passed validation but still broke a handler. Either is a `bad-frame` naming the
 * frame, and the server keeps running.
 */
export function errorFrameFor(frameType: string, error: unknown): { readonly code: ErrorCode; readonly message: string } {
  return { code: 'bad-frame', message: `${frameType}: ${(error as Error).message}` };
}

/** Why a reported firmware version cannot be read in its family's scheme, if it cannot. */
function versionProblem(data: ProjectData, familyName: string, version: string): string | undefined {
  const family = data.families.get(familyName);
  if (!family) return undefined;
  const parsed = parseVersion(family.versionScheme, version);
  return typeof parsed === 'string' ? parsed : undefined;
}

function rawText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}
