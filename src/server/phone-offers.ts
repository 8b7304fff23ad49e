import type { FirmwareOffer, ServerSettings } from '../core/phone-types.js';
import { encodeFrame } from '../protocol/codec.js';
import type { ServerFrame } from '../protocol/frames.js';
import { offerFor } from './firmware-downloads.js';
import type { DeviceRecord, ServerStore } from './store.js';
import { decideOffer } from './update-rules.js';

export interface CheckJitter {
  /** Up to this much is added at random to each phone's next check, so a fleet does not ask at once. */
  readonly ms: number;
  /** In [0, 1): injected so tests are deterministic. */
  readonly random: () => number;
}

const maxCachedAnswers = 4096;

type OnlineAnswer =
  | { readonly type: 'update.offer'; readonly offer: FirmwareOffer }
  | { readonly type: 'update.none'; readonly reason: string };

/**
 * What the server says to a phone about firmware: the answer to its update check and where
 * the third-party provisioning stand-in is. Addresses are built on `httpUrl`, known once the server listens.
 */
export class PhoneOffers {
  /**
   * Online answers, as the frame's text up to nextCheckMs, by model, firmware and download fault:
   * every phone of a model on a build gets the same one, so a fleet's checks do not decide and
   * encode it again. Emptied when the configuration changes.
   */
  readonly #onlineAnswers = new Map<string, string>();

  constructor(
    private readonly store: ServerStore,
    private readonly settings: ServerSettings,
    private readonly jitter: CheckJitter,
    private readonly httpUrl: () => string,
  ) {
    store.events.on('change', (kind) => {
      if (kind === 'config') this.#onlineAnswers.clear();
    });
  }

  /**
   * The provisioning stand-in's address, as the network gives it (DHCP option 66/160), while it serves
   * files for this family (provisioning-files.ts); null otherwise. A DHCP server names a vendor's
   * provisioning server by vendor class, so phones of other families are told none.
   */
  provisioningServer(family: string): string | null {
    return this.store.provisioning(family) === null ? null : new URL('provisioning/', this.httpUrl()).href;
  }

  /** `update.offer` or `update.none` for a phone that just reported its firmware, encoded as the frame it is sent as. */
  answerCheck(phone: DeviceRecord): string {
    if (this.store.deployment !== 'online') return encodeFrame<ServerFrame>({ ...this.#answer(phone), nextCheckMs: this.#nextCheckMs() });
    const key = `${phone.model}\n${phone.firmware}\n${this.store.downloadFault()}`;
    let head = this.#onlineAnswers.get(key);
    if (head === undefined) {
      // Phones may report any version: the cache stays as small as the catalog is, give or take.
      if (this.#onlineAnswers.size >= maxCachedAnswers) this.#onlineAnswers.clear();
      head = encodeFrame<ServerFrame>({ ...this.#answer(phone), nextCheckMs: 0 }).slice(0, -'0}'.length);
      this.#onlineAnswers.set(key, head);
    }
    return `${head}${this.#nextCheckMs()}}`;
  }

  #answer(phone: DeviceRecord): OnlineAnswer {
    const decision = decideOffer(this.store, phone);
    return 'build' in decision
      ? { type: 'update.offer', offer: offerFor(this.store, decision.family, decision.build, this.httpUrl()) }
      : { type: 'update.none', reason: decision.none };
  }

  #nextCheckMs(): number {
    return this.settings.checkIntervalMs + Math.floor(this.jitter.random() * this.jitter.ms);
  }
}
