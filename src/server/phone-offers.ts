import type { ProvisioningTarget, ServerSettings } from '../core/phone-types.js';
import type { FrameBody, ServerFrame } from '../protocol/frames.js';
import { offerFor } from './firmware-downloads.js';
import type { DeviceRecord, ServerStore } from './store.js';
import { decideOffer } from './update-rules.js';

export interface CheckJitter {
  /** Up to this much is added at random to each phone's next check, so a fleet does not ask at once. */
  readonly ms: number;
  /** In [0, 1): injected so tests are deterministic. */
  readonly random: () => number;
}

/**
 * What the server says to a phone about firmware: the answer to its update check and the
 * third-party provisioning target. Addresses are built on `httpUrl`, known once the server listens.
 */
export class PhoneOffers {
  constructor(
    private readonly store: ServerStore,
    private readonly settings: ServerSettings,
    private readonly jitter: CheckJitter,
    private readonly httpUrl: () => string,
  ) {}

  provisioningTarget(family: string, version: string | null): ProvisioningTarget {
    const familyData = this.store.data.families.get(family)!;
    const build = version === null ? undefined : familyData.builds.find((b) => b.version === version);
    const httpUrl = this.httpUrl();
    return { server: new URL('provisioning/', httpUrl).href, offer: build ? offerFor(this.store, familyData, build, httpUrl) : null };
  }

  /** `update.offer` or `update.none` for a phone that just reported its firmware. */
  answerCheck(phone: DeviceRecord): FrameBody<ServerFrame> {
    const decision = decideOffer(this.store, phone);
    return 'build' in decision
      ? { type: 'update.offer', offer: offerFor(this.store, decision.family, decision.build, this.httpUrl()), nextCheckMs: this.#nextCheckMs() }
      : { type: 'update.none', reason: decision.none, nextCheckMs: this.#nextCheckMs() };
  }

  #nextCheckMs(): number {
    return this.settings.checkIntervalMs + Math.floor(this.jitter.random() * this.jitter.ms);
  }
}
