import type { PcOs } from '../core/identity/identity-types.js';
import { PcClient, type PcState } from '../pc/pc-client.js';
import type { PcInput } from '../phone/session-input.js';

/** How the PC reaches the phone: BToE through its PC port, or a USB cable (how LPE phones sign in). */
export type PcLink = 'ethernet' | 'usb';

export interface PcView {
  readonly os: PcOs | null;
  readonly link: PcLink;
  readonly state: PcState | null;
  /** The last thing that happened, for the panel: a result or an error. */
  readonly message: string;
}

/**
 * The TUI's emulated PC: connects on first use (again when the operating system changes),
 * and tells the panel what it knows. It talks to the server like any PC.
 */
export class PcController {
  #client: PcClient | null = null;
  #view: PcView;
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly serverUrl: string,
    private readonly phoneMac: string,
    link: PcLink = 'ethernet',
    /** The phone's PC port key: the TUI's PC is cabled to the phone it shows. */
    private readonly pcPort?: string,
    /** Hears each thing the PC's user does (a session recorder). */
    private readonly onInput?: (input: PcInput) => void,
  ) {
    this.#view = { os: null, link, state: null, message: 'not connected' };
  }

  /** Recables the PC: BToE or USB tethering; it connects again on next use. */
  toggleLink(): void {
    this.close();
    const link = this.#view.link === 'usb' ? 'ethernet' : 'usb';
    this.onInput?.({ link });
    this.#update({ link, state: null, message: link === 'usb' ? 'USB tethering: s signs in from the PC' : 'BToE: pair with 1 2 3' });
  }

  view(): PcView {
    return this.#view;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Pairs as a PC running `os`: Windows pairs, a Mac or a VDI session is refused. */
  pair(os: PcOs): Promise<void> {
    this.onInput?.({ pair: os });
    return this.#run(async () => {
      const client = await this.#connect(os);
      const outcome = await client.pair();
      return outcome === 'codeRequired' ? 'enter the code the phone shows (c)' : outcome;
    });
  }

  enterCode(code: string): Promise<void> {
    this.onInput?.({ code });
    return this.#run(async () => (await this.#connect(this.#view.os ?? 'windows')).enterCode(code));
  }

  toggleLock(): Promise<void> {
    // A PC connects unlocked: the first toggle locks it.
    this.onInput?.({ lock: !(this.#view.state?.locked ?? false) });
    return this.#run(async () => {
      const client = await this.#connect(this.#view.os ?? 'windows');
      client.setLocked(!client.state.locked);
      return client.state.locked ? 'Windows locked' : 'Windows unlocked';
    });
  }

  call(party: string): Promise<void> {
    this.onInput?.({ call: party });
    return this.#run(async () => {
      (await this.#connect(this.#view.os ?? 'windows')).call(party);
      return `click-to-call ${party}`;
    });
  }

  signIn(user: string, password: string): Promise<void> {
    this.onInput?.({ signIn: user, password });
    return this.#run(async () => {
      const result = await (await this.#connect(this.#view.os ?? 'windows')).signIn(user, password);
      return `sign-in ${result.outcome}${result.reason ? ` (${result.reason})` : ''}`;
    });
  }

  close(): void {
    this.#client?.close();
    this.#client = null;
  }

  async #connect(os: PcOs): Promise<PcClient> {
    if (this.#client && this.#view.os === os) return this.#client;
    this.close();
    const client = await PcClient.connect({ url: this.serverUrl, phone: this.phoneMac, os, link: this.#view.link, pcPort: this.pcPort });
    client.events.on('state', (state) => this.#update({ state }));
    this.#client = client;
    this.#update({ os, state: client.state });
    return client;
  }

  async #run(action: () => Promise<string>): Promise<void> {
    try {
      this.#update({ message: await action() });
    } catch (error) {
      this.#update({ message: (error as Error).message });
    }
  }

  #update(change: Partial<PcView>): void {
    this.#view = { ...this.#view, ...change };
    for (const listener of this.#listeners) listener();
  }
}
