import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { PairingRefusal, PcOs } from '../core/identity/identity-types.js';
import type { SignInRefusal } from '../core/identity/sign-in-access.js';
import { decodeServerFrame, encodeFrame, maxFrameBytes } from '../protocol/codec.js';
import type { FrameBody, PhoneFrame, ServerFrame } from '../protocol/frames.js';

/** What the PC knows of its phone and their pairing. */
export interface PcState {
  readonly phone: { readonly model: string; readonly mac: string; readonly user: string | null } | null;
  readonly pairing: 'unpaired' | 'codeRequired' | 'paired' | 'refused';
  readonly refusal: PairingRefusal | null;
  readonly phoneLocked: boolean;
  readonly locked: boolean;
}

export interface PcEvents {
  state: [state: PcState];
  frame: [direction: 'in' | 'out', frame: string];
}

export interface PcOptions {
  /** The update server, ws://... */
  readonly url: string;
  /** The MAC of the phone the PC is cabled to. */
  readonly phone: string;
  readonly os?: PcOs;
  /** ethernet: BToE through the phone's PC port; usb: a LPE phone tethered to the PC's client. */
  readonly link?: 'ethernet' | 'usb';
  /** The key of the phone's PC port (its link's `pcPort`): without it the server lets the PC reach no phone. */
  readonly pcPort?: string | undefined;
}

type PcFrame<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/**
 * An emulated Windows (or Mac, or VDI) PC running the Skype for Business client and the
 * vendor's BToE app: it talks to the server like a phone does, and the server relays
 * pairing, lock sync, click-to-call and sign-in to the phone it is cabled to.
 */
export class PcClient {
  readonly events = new EventEmitter<PcEvents>();
  #state: PcState = { phone: null, pairing: 'unpaired', refusal: null, phoneLocked: false, locked: false };
  readonly #waiters: {
    readonly type: ServerFrame['type'];
    readonly resolve: (frame: ServerFrame) => void;
    readonly reject: (error: Error) => void;
  }[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw, isBinary) => {
      if (isBinary) return;
      // The last guard: a frame that breaks the PC's handling closes its connection, not the process.
      try {
        const text = raw.toString();
        this.events.emit('frame', 'in', text);
        const decoded = decodeServerFrame(text);
        if (decoded.ok) this.#receive(decoded.frame);
      } catch {
        socket.terminate();
      }
    });
  }

  /** Connects and says hello; rejects with the server's reason when it refuses (no such phone). */
  static async connect(options: PcOptions): Promise<PcClient> {
    const socket = new WebSocket(options.url, { maxPayload: maxFrameBytes });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', (error) => reject(new Error(`cannot reach ${options.url}: ${error.message}`)));
    });
    const pc = new PcClient(socket);
    socket.on('close', () => {
      for (const waiter of pc.#waiters.splice(0)) waiter.reject(new Error('the server closed the connection'));
    });
    const welcome = pc.#next('pc.welcome');
    pc.#send({
      type: 'pc.hello',
      os: options.os ?? 'windows',
      phone: options.phone,
      link: options.link ?? 'ethernet',
      ...(options.pcPort === undefined ? {} : { pcPort: options.pcPort }),
    });
    try {
      await welcome;
    } catch (error) {
      socket.close();
      throw error;
    }
    return pc;
  }

  get state(): PcState {
    return this.#state;
  }

  /** Asks the phone to pair; resolves with the phone's answer (paired, codeRequired or refused). */
  async pair(): Promise<PcState['pairing']> {
    const answer = this.#next('pc.pairing');
    this.#send({ type: 'pc.pair' });
    return (await answer).state;
  }

  /** Manual mode: types the phone's pairing code into the BToE app. */
  async enterCode(code: string): Promise<PcState['pairing']> {
    const answer = this.#next('pc.pairing');
    this.#send({ type: 'pc.pairCode', code });
    return (await answer).state;
  }

  /** Locks or unlocks Windows; a paired phone follows. */
  setLocked(locked: boolean): void {
    this.#update({ locked });
    this.#send({ type: 'pc.lock', locked });
  }

  /** Click-to-call from the client. */
  call(party: string): void {
    this.#send({ type: 'pc.call', party });
  }

  /** Signs in through the client's authentication window; the phone signs in too. */
  async signIn(user: string, password: string): Promise<{ outcome: 'signedIn' | 'refused'; reason?: SignInRefusal }> {
    const answer = this.#next('pc.signIn');
    this.#send({ type: 'pc.signIn', user, password });
    const { outcome, reason } = await answer;
    return reason ? { outcome, reason } : { outcome };
  }

  close(): void {
    this.socket.close();
  }

  #send(body: FrameBody<PhoneFrame>): void {
    const text = encodeFrame<PhoneFrame>(body);
    this.events.emit('frame', 'out', text);
    this.socket.send(text);
  }

  #next<T extends ServerFrame['type']>(type: T): Promise<PcFrame<T>> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ type, resolve: resolve as (frame: ServerFrame) => void, reject });
    });
  }

  #receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'pc.welcome':
        this.#update({ phone: frame.phone });
        break;
      case 'pc.pairing':
        this.#update({ pairing: frame.state, refusal: frame.reason ?? null });
        break;
      case 'pc.phoneLock':
        this.#update({ phoneLocked: frame.locked });
        break;
      default:
        break;
    }
    // An error frame answers the oldest request; any other frame the oldest request waiting for its type.
    const index = frame.type === 'error' ? 0 : this.#waiters.findIndex((waiter) => waiter.type === frame.type);
    const [waiter] = index < 0 ? [] : this.#waiters.splice(index, 1);
    if (frame.type === 'error') waiter?.reject(new Error(frame.message));
    else waiter?.resolve(frame);
  }

  #update(change: Partial<PcState>): void {
    this.#state = { ...this.#state, ...change };
    this.events.emit('state', this.#state);
  }
}
