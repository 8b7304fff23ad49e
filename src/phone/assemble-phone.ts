import { VirtualClock } from '../core/virtual-clock.js';
import { createPhone, type PhoneActor, type PhoneOptions } from './create-phone.js';
import { describeFrame, stateRegions, type EventLog, type LogEntry } from './event-log.js';
import { HeldWork } from './held-work.js';
import { PendingWork } from './pending-work.js';
import { NetworkProvisioning } from './network-provisioning.js';
import { linkPhone, newPcPortKey, type PhoneLink } from './phone-link.js';
import { ProvisioningBoot, type ProvisioningSource } from './provisioning-boot.js';
import type { DeviceProvisioning } from '../profiles/provisioning-schema.js';
import { persistPhone, phoneFromState, type PhonePersistence, type PhoneState } from './phone-state.js';

/**
 * What a phone is built from, for every caller (the TUI and CLI session, a scenario's world,
 * the fleet, the library): what differs between them is an option here, not a copy.
 */
export interface AssemblyOptions extends Omit<PhoneOptions, 'clock'> {
  /** The update server's ws:// URL. */
  readonly serverUrl: string;
  /** A clock shared with other phones and the server (a fleet, the library); a fresh one by default. */
  readonly clock?: VirtualClock | undefined;
  /** A counter of requests in flight shared with other links (a fleet settles them with one await); the link's own by default. */
  readonly work?: PendingWork | undefined;
  /** `--state FILE`: the phone is kept in `file`, and comes back from `saved` when the file had one. */
  readonly state?: { readonly file: string; readonly saved?: PhoneState | undefined } | undefined;
  /** Notes frames, problems and each region's state changes here (the TUI's event pane). */
  readonly log?: EventLog | undefined;
  /** `--provisioning URL`: a third-party provisioning server the phone reads at every boot (provisioning-boot.ts). */
  readonly provisioning?: ProvisioningSource | undefined;
  /**
   * The model's provisioning data (ProjectData.provisioning.get(profile id)): with it, a phone without
   * `provisioning` reads the provisioning server the network names (network-provisioning.ts).
   */
  readonly provisioningData?: DeviceProvisioning | undefined;
  /** Starts the actor at once (default); false leaves it to the caller (a fleet boots in waves). */
  readonly start?: boolean;
}

/**
 * One assembled phone. A class, not an object of closures: a fleet assembles ten thousand
 * (and keeps only the actor and the link of each).
 */
export class AssembledPhone {
  constructor(
    readonly clock: VirtualClock,
    readonly actor: PhoneActor,
    readonly link: PhoneLink,
    private readonly persistence: PhonePersistence | undefined,
    readonly provisioning?: ProvisioningBoot,
    readonly network?: NetworkProvisioning,
  ) {}

  /** Writes the state file a last time, then ends the link and the actor. */
  close(): void {
    this.persistence?.close();
    this.provisioning?.close();
    this.network?.close();
    this.link.close();
    this.actor.stop();
  }
}

/** Builds a phone's actor, clock and link to its server (and its state file, its event log), started unless told otherwise. */
export function assemblePhone(options: AssemblyOptions): AssembledPhone {
  const { serverUrl, clock: shared, work: given, state, log, provisioning, provisioningData, start = true, ...phone } = options;
  // The provisioning reads count as work in flight on the link's counter: virtual time waits for them too.
  const work = given ?? (provisioning || provisioningData ? new PendingWork() : undefined);
  const clock = shared ?? new VirtualClock();
  const saved = state?.saved;
  // Virtual time does not pass while the process is dead: the clock starts where the file left it.
  // What the caller says (locale, settings) wins over the file; the rest comes from the file.
  const actor = saved ? phoneFromState(saved, { ...phone, clock }) : createPhone({ ...phone, clock });
  const note = log && ((kind: LogEntry['kind'], text: string) => log.add({ at: clock.now(), kind, text }));
  // The same PC port across restarts: the PC still cabled to the phone pairs again.
  const pcPort = state ? (saved?.pcPort ?? newPcPortKey()) : undefined;
  const persistence = state && persistPhone(state.file, actor, clock, (message) => note?.('problem', message), pcPort);
  // A phone given its own provisioning server keeps it, as one set to a static boot server ignores DHCP's.
  // Lync Phone Edition reads no provisioning files: it has nothing to read from a server the network names.
  const network = !provisioning && provisioningData && provisioningData.format !== 'none' ? new NetworkProvisioning(actor, provisioningData, clock, work, note) : undefined;
  const link = linkPhone(actor, { url: serverUrl, clock, ...(work && { work }), ...(pcPort !== undefined && { pcPort }), ...(network && { networkProvisioning: network }) });
  if (note) noteInto(note, actor, link);
  const boot = provisioning && new ProvisioningBoot(actor, provisioning, clock, new HeldWork(work), note);
  if (start) actor.start();
  return new AssembledPhone(clock, actor, link, persistence, boot, network);
}

/** The event log's entries: frames both ways, the link's problems, and each region's new state. */
function noteInto(note: (kind: LogEntry['kind'], text: string) => void, actor: PhoneActor, link: PhoneLink): void {
  link.events.on('frame', (direction, frame) => note(direction === 'in' ? 'frame-in' : 'frame-out', describeFrame(frame)));
  link.events.on('problem', (message) => note('problem', message));
  let lastRegions = new Map<string, string>();
  actor.subscribe((snapshot) => {
    const regions = stateRegions(snapshot.value);
    for (const [region, state] of regions) if (lastRegions.get(region) !== state) note('state', `${region}: ${state}`);
    lastRegions = regions;
  });
}
