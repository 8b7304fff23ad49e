import type { VirtualClock } from '../core/virtual-clock.js';
import type { DeviceProvisioning } from '../profiles/provisioning-schema.js';
import type { PhoneActor } from './create-phone.js';
import { HeldWork } from './held-work.js';
import type { PendingWork } from './pending-work.js';
import { ProvisioningBoot, type ProvisioningNote } from './provisioning-boot.js';

/** What the link tells of the network's provisioning server (phone-link.ts). */
export interface NetworkProvisioningPort {
  /**
   * The network names `url` as its provisioning server, or none (null): in a welcome, where `reread`
   * says the phone came up since it last heard (a boot, a restore), or in a renewal (`network.options`,
   * `reread` true: the server's stand-in changed).
   */
  told(url: string | null, reread: boolean): void;
}

/**
 * The provisioning server the network names, as DHCP option 66/160 does on a real LAN (the mock
 * server's welcome and `network.options` stand in for the DHCP answer): a phone without one of its
 * own (`--provisioning`) reads that server's vendor files with the same reader as any other, at
 * every boot, and again each time the network names it anew; once the network names none, what that
 * server pinned pins nothing. Nothing is made until the network names a server: a fleet's phones
 * on a network without one carry only this small object.
 */
export class NetworkProvisioning implements NetworkProvisioningPort {
  #boot: ProvisioningBoot | undefined;
  #url: string | null = null;
  #refused: string | null = null;

  constructor(
    private readonly actor: PhoneActor,
    private readonly data: DeviceProvisioning,
    private readonly clock: VirtualClock,
    private readonly work: PendingWork | undefined,
    private readonly note: ProvisioningNote = () => {},
  ) {}

  told(url: string | null, reread: boolean): void {
    if (url === null) return this.#withdraw();
    if (url !== this.#url) {
      const problem = urlProblem(url);
      if (problem !== null) {
        // A server's bad answer is a line on the event pane, once; the phone keeps what it had.
        if (this.#refused !== url) this.note('problem', `provisioning: the network names ${JSON.stringify(url.slice(0, 200))} as the provisioning server: ${problem}; not read`);
        this.#refused = url;
        return;
      }
      this.#withdraw();
      this.#url = url;
      this.#boot = new ProvisioningBoot(this.actor, { url, data: this.data }, this.clock, new HeldWork(this.work), this.note, false);
    } else if (!reread) {
      return;
    }
    void this.#boot!.read();
  }

  close(): void {
    this.#boot?.close();
    this.#boot = undefined;
  }

  #withdraw(): void {
    this.#boot?.withdraw();
    this.#boot = undefined;
    this.#url = null;
  }
}

function urlProblem(url: string): string | null {
  if (!URL.canParse(url)) return 'not a URL';
  const { protocol } = new URL(url);
  return protocol === 'http:' || protocol === 'https:' ? null : `${protocol}// is not served (http:// or https:// only)`;
}
