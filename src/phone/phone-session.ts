import type { DeviceProfile, DeviceSettings } from '../core/device-profile.js';
import type { Locale } from '../core/messages/index.js';
import type { PhoneIdentity } from '../core/phone-types.js';
import { identity } from '../core/selectors.js';
import type { VirtualClock } from '../core/virtual-clock.js';
import { assemblePhone } from './assemble-phone.js';
import type { PhoneActor } from './create-phone.js';
import { EventLog } from './event-log.js';
import type { PhoneLink } from './phone-link.js';
import { publishPcPort } from './pc-port.js';
import type { PhoneState } from './phone-state.js';
import type { DeviceProvisioning } from '../profiles/provisioning-schema.js';
import type { ProvisioningSource } from './provisioning-boot.js';

export { describeFrame, stateRegions } from './event-log.js';

/** One phone, its clock and its link to a server, with a log of what happens: what the TUI drives. */
export interface PhoneSession {
  readonly profile: DeviceProfile;
  readonly clock: VirtualClock;
  readonly actor: PhoneActor;
  readonly link: PhoneLink;
  /** The server it talks to: the TUI's PC talks to the same one. */
  readonly serverUrl: string;
  readonly log: EventLog;
  /** Jumps virtual time ahead, firing every timer on the way and waiting for the server between them. */
  jump(ms: number): Promise<void>;
  close(): void;
}

export interface SessionOptions {
  readonly profile: DeviceProfile;
  readonly firmware: string;
  readonly serverUrl: string;
  readonly locale?: Locale;
  readonly settings?: DeviceSettings;
  /** Its MAC and serial (default: the first of the vendor's range); a saved phone keeps its own. */
  readonly identity?: PhoneIdentity | undefined;
  /** `--state FILE`: the phone is kept in `file`, and comes back from `saved` when the file had one. */
  readonly state?: { readonly file: string; readonly saved?: PhoneState | undefined } | undefined;
  /** `--provisioning URL`: the third-party provisioning server it reads at every boot. */
  readonly provisioning?: ProvisioningSource | undefined;
  /** The model's provisioning data: without `provisioning`, the phone reads the server the network names. */
  readonly provisioningData?: DeviceProvisioning | undefined;
}

export function startPhoneSession(options: SessionOptions): PhoneSession {
  const log = new EventLog();
  // Started once its PC port is published: a problem writing it comes first in the log.
  const phone = assemblePhone({ ...options, log, start: false });
  const { clock, actor, link } = phone;
  // `phone-emu pc --phone MAC` in another terminal finds the phone's PC port key here (pc-port.ts).
  let cable: ReturnType<typeof publishPcPort> | undefined;
  try {
    cable = publishPcPort(identity(actor.getSnapshot()).mac, link.pcPort);
  } catch (error) {
    log.add({ at: clock.now(), kind: 'problem', text: `the PC port key could not be written, phone-emu pc cannot reach this phone: ${(error as Error).message}` });
  }
  actor.start();

  return {
    profile: options.profile,
    serverUrl: options.serverUrl,
    clock,
    actor,
    link,
    log,
    jump: (ms) => clock.advance(ms, () => link.whenSettled()),
    close: () => {
      cable?.close();
      phone.close();
    },
  };
}
