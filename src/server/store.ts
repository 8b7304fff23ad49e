import { EventEmitter } from 'node:events';
import { findBuild, runsOn } from '../core/catalog.js';
import type { DeviceProfile } from '../core/device-profile.js';
import type { FirmwareBuild, FirmwareFamily } from '../core/firmware-catalog.js';
import {
  defaultPolicy,
  parsePolicyValue,
  policyDefinition,
  type PhonePolicy,
  type PolicyDefinition,
  type PolicyValue,
} from '../core/policies.js';
import { compareVersions, parseVersion } from '../core/version.js';
import type { ProjectData } from '../profiles/load-data.js';
import { Conflict, InvalidInput, NotFound } from './domain-errors.js';
import { defaultServerLimits, type ServerLimits } from './limits.js';
import { schemaProblem, testDeviceSchema, testDeviceTypes } from './records.js';

export { testDeviceTypes };

export const deployments = ['online', 'onprem'] as const;
/** Online: the Microsoft-run service; onprem: a Skype for Business Server's Device Update Web service. */
export type Deployment = (typeof deployments)[number];

/** A device update rule of the on-premises service, one per firmware family (domain-facts.md 3.3). */
export interface UpdateRule {
  /** What every phone of the family is offered when its version differs. */
  readonly approved: string | null;
  /** Imported but not approved: only test devices get it. */
  readonly pending: string | null;
  /** The approved build before the last Approve: what Restore goes back to. */
  readonly restore: string | null;
  /**
   * The approved build a Restore with no earlier one withdrew: phones on it uninstall it and go
   * back to the build they ran before (Restore-CsDeviceUpdateRule: "the update is simply uninstalled").
   */
  readonly withdrawn?: string | null | undefined;
}

export interface TestDevice {
  readonly name: string;
  readonly type: (typeof testDeviceTypes)[number];
  /** Normalized: a MAC as upper-case hex without separators, a serial as given. */
  readonly identifier: string;
}

/** What the server does to firmware downloads: an admin fault switch for tests and demos. */
export const downloadFaults = ['none', 'cut', 'corrupt', 'unbootable'] as const;
export type DownloadFault = (typeof downloadFaults)[number];

/** A phone as the server knows it, keyed by its MAC. */
export interface DeviceRecord {
  readonly model: string;
  readonly mac: string;
  readonly serial: string;
  readonly firmware: string;
  readonly connected: boolean;
  /** The signed-in user, once the phone reports one. */
  readonly user: string | null;
  /** What the phone's update region is doing, as it last reported. */
  readonly update: string;
  /** The phone's warnings, in en-US. */
  readonly warnings: readonly string[];
  /** Builds this phone reported installing, oldest first. */
  readonly installed: readonly string[];
  /** What the console shows beside the update state (status frames of phones that send them). */
  readonly progress?: number | undefined;
  readonly lock?: 'off' | 'creating' | 'unlocked' | 'locked' | undefined;
  readonly call?: 'idle' | 'dialing' | 'ringing' | 'connected' | undefined;
  readonly paired?: boolean | undefined;
  /** The last update.result it sent. */
  readonly lastResult: {
    readonly version: string;
    readonly outcome: 'installed' | 'failed';
    /** Installed: the build it replaced, which the phone keeps for rollback. */
    readonly previous?: string | undefined;
    readonly reason?: string | undefined;
  } | null;
}

export interface StoreEvents {
  /** The effective policy changed: connected phones must hear it. */
  policy: [policy: PhonePolicy];
  /** The third-party provisioning target of a family changed (null: off). */
  provisioning: [family: string, version: string | null];
  device: [record: DeviceRecord];
  /**
   * Something a state file keeps changed: `config` (policies, builds, rules, test devices, provisioning),
   * `results` (a known device's firmware or last update result) or `devices` (the rest).
   */
  change: [kind: 'config' | 'results' | 'devices'];
}

/** What a server state file keeps of the store (server/server-state.ts); the download fault is a switch for demos, not kept. */
export interface StoreState {
  readonly deployment: Deployment;
  readonly policy: PhonePolicy;
  /** Online: the builds of each family offered to phones. */
  readonly published: Readonly<Record<string, readonly string[]>>;
  readonly rules: Readonly<Record<string, UpdateRule>>;
  readonly testDevices: readonly TestDevice[];
  readonly provisioning: Readonly<Record<string, string>>;
  readonly devices: readonly DeviceRecord[];
}

/** Names a firmware family directly, through a device model, or through a version only one family has. */
export interface FamilyRef {
  readonly family?: string | undefined;
  readonly device?: string | undefined;
}

/**
 * The update service's state: policies, publications, on-premises rules, test devices,
 * the third-party provisioning targets, download faults and the phones it has seen.
 * The phone-facing server and the admin API both read and change it here.
 */
export class ServerStore {
  readonly events = new EventEmitter<StoreEvents>();
  readonly #policy: Record<string, PolicyValue> = { ...defaultPolicy };
  readonly #published = new Map<string, Set<string>>();
  /** published() sorted, per family, until the next publish: every update check reads it. */
  readonly #publishedSorted = new Map<string, readonly string[]>();
  readonly #rules = new Map<string, UpdateRule>();
  readonly #testDevices: TestDevice[] = [];
  readonly #provisioning = new Map<string, string>();
  readonly #devices = new Map<string, DeviceRecord>();
  /** The same MACs, the one heard from longest ago first: who goes when the device list is full. */
  readonly #heardOrder = new Map<string, true>();
  #downloadFault: DownloadFault = 'none';

  constructor(
    readonly data: ProjectData,
    readonly deployment: Deployment = 'online',
    saved?: Omit<StoreState, 'deployment'>,
    readonly limits: ServerLimits = defaultServerLimits,
  ) {
    for (const family of data.families.values()) {
      const published = family.builds.filter((build) => build.certified && build.published).map((build) => build.version);
      this.#published.set(family.family, new Set(saved?.published[family.family] ?? published));
      // On-premises, the newest build published from the start is taken as already approved.
      const newest = sortedVersions(family, published).at(-1) ?? null;
      this.#rules.set(family.family, saved?.rules[family.family] ?? { approved: newest, pending: null, restore: null, withdrawn: null });
    }
    if (!saved) return;
    Object.assign(this.#policy, saved.policy);
    this.#testDevices.push(...saved.testDevices);
    for (const [family, version] of Object.entries(saved.provisioning)) this.#provisioning.set(family, version);
    // Restored phones are offline until they say hello again.
    for (const device of saved.devices.slice(-limits.maxDevices)) {
      this.#devices.set(device.mac, { ...device, connected: false, installed: device.installed.slice(-limits.maxInstalledKept) });
      this.#heardOrder.set(device.mac, true);
    }
  }

  /** Everything a state file keeps, as plain data. */
  state(): StoreState {
    return {
      deployment: this.deployment,
      policy: this.policy(),
      published: Object.fromEntries([...this.#published.keys()].map((family) => [family, this.published(family)])),
      rules: Object.fromEntries(this.#rules),
      testDevices: this.testDevices(),
      provisioning: Object.fromEntries(this.#provisioning),
      devices: this.devices(),
    };
  }

  // Policies ----------------------------------------------------------------------

  policy(): PhonePolicy {
    return { ...this.#policy } as unknown as PhonePolicy;
  }

  /** Sets one policy from what an admin typed; refuses an unknown name or a value out of range. */
  setPolicy(name: string, input: unknown): { readonly definition: PolicyDefinition; readonly value: PolicyValue } {
    const definition = policyDefinition(name);
    if (!definition) throw new NotFound(`"${name}" is not a policy; see phone-emu policy get for the names`);
    if (this.deployment === 'online' && !definition.online) {
      throw new Conflict(`${definition.name} does not apply to Skype for Business Online; start the server with --deployment onprem`);
    }
    const parsed = parsePolicyValue(definition, input);
    if (!parsed.ok) throw new InvalidInput(parsed.message);
    if (this.#policy[definition.name] !== parsed.value) {
      this.#policy[definition.name] = parsed.value;
      this.events.emit('policy', this.policy());
      this.events.emit('change', 'config');
    }
    return { definition, value: parsed.value };
  }

  // Firmware: publications and rules ---------------------------------------------------

  /** Online: the builds of a family offered to phones. */
  published(family: string): readonly string[] {
    const familyData = this.#family(family);
    let sorted = this.#publishedSorted.get(family);
    if (!sorted) {
      sorted = Object.freeze(sortedVersions(familyData, [...(this.#published.get(family) ?? [])]));
      this.#publishedSorted.set(family, sorted);
    }
    return sorted;
  }

  rule(family: string): UpdateRule {
    this.#family(family);
    return this.#rules.get(family)!;
  }

  /**
   * Publishes a certified build of the catalog. Online it is offered at once; on-premises
   * it becomes the family's Pending build, for test devices only until approved.
   */
  publish(version: string, ref: FamilyRef = {}): string {
    const { family, build } = this.#resolveBuild(version, ref);
    if (!build.certified) throw new Conflict(`${build.version} is not certified: only certified builds are offered to phones`);
    const published = this.#published.get(family.family)!;
    const wasPublished = published.has(build.version);
    published.add(build.version);
    this.#publishedSorted.delete(family.family);
    this.events.emit('change', 'config');
    if (this.deployment === 'online') {
      return wasPublished ? `${build.version} is already published` : `published ${build.version} (${family.family}): phones get it at their next check`;
    }
    const rule = this.#rules.get(family.family)!;
    if (rule.approved === build.version) return `${build.version} is already the approved build of ${family.family}`;
    this.#setRule(family.family, { ...rule, pending: build.version });
    return `${build.version} is Pending for ${family.family}: only test devices get it until you approve it`;
  }

  /** Approve-CsDeviceUpdateRule: the pending build becomes the approved one; the approved one becomes the restore point. */
  approve(version: string | undefined, ref: FamilyRef = {}): string {
    const family = this.#onpremFamily('approve', ref, version, (rule) => rule.pending);
    const rule = this.#rules.get(family)!;
    if (!rule.pending) throw new Conflict(`${family} has no pending build to approve; publish one first`);
    if (version !== undefined && rule.pending !== version) {
      throw new Conflict(`the pending build of ${family} is ${rule.pending}, not ${version}`);
    }
    this.#setRule(family, { approved: rule.pending, pending: null, restore: rule.approved, withdrawn: null });
    return `approved ${rule.pending} for ${family}: every phone of the family gets it at its next check`;
  }

  /** Reset-CsDeviceUpdateRule: rejects the pending build; test devices go back to the approved one. */
  reset(ref: FamilyRef = {}): string {
    const family = this.#onpremFamily('reset', ref, undefined, (rule) => rule.pending);
    const rule = this.#rules.get(family)!;
    if (!rule.pending) throw new Conflict(`${family} has no pending build: Reset only rejects a pending build`);
    this.#setRule(family, { ...rule, pending: null });
    return `rejected ${rule.pending} for ${family}: test devices return to ${rule.approved ?? 'their build'}`;
  }

  /** Restore-CsDeviceUpdateRule: phones go back to the restore build; with none, they uninstall the update (back to their rollback build). */
  restore(ref: FamilyRef = {}): string {
    const family = this.#onpremFamily('restore', ref, undefined, (rule) => rule.approved);
    const rule = this.#rules.get(family)!;
    if (!rule.approved) throw new Conflict(`${family} has no approved build to roll back`);
    this.#setRule(family, { ...rule, approved: rule.restore, restore: null, withdrawn: rule.restore ? null : rule.approved });
    return rule.restore
      ? `restored ${rule.restore} for ${family}: phones on ${rule.approved} go back at their next check`
      : `withdrew ${rule.approved} for ${family}: there is no earlier approved build, so phones on it uninstall it at their next check and go back to the build they ran before`;
  }

  // Test devices ------------------------------------------------------------------------

  testDevices(): readonly TestDevice[] {
    return [...this.#testDevices];
  }

  /** New-CsTestDevice: a MAC (six or more hex pairs, joined or split by - or :) or a serial number. */
  addTestDevice(type: TestDevice['type'], identifier: string, name?: string): TestDevice {
    const normalized = type === 'MACAddress' ? normalizeMac(identifier) : normalizeSerial(identifier);
    if (normalized === undefined) {
      throw new InvalidInput(
        type === 'MACAddress'
          ? `"${identifier}" is not a MAC address: six or more hex pairs such as 00-04-F2-00-00-01, 00:04:F2:00:00:01 or 0004F2000001`
          : `"${identifier}" is not a serial number: letters, digits, hyphens and underscores`,
      );
    }
    const deviceName = name ?? normalized;
    if (this.#testDevices.some((device) => device.name === deviceName)) throw new Conflict(`a test device named "${deviceName}" exists already`);
    const device: TestDevice = { name: deviceName, type, identifier: normalized };
    // The state file's own rule: what is added here, the next start reads back.
    const badIdentifier = schemaProblem(testDeviceSchema.shape.identifier, normalized);
    const problem = badIdentifier === undefined ? schemaProblem(testDeviceSchema, device) : `identifier: ${badIdentifier.replace(/^record: /, '')}`;
    if (problem) throw new InvalidInput(problem);
    this.#testDevices.push(device);
    this.events.emit('change', 'config');
    return device;
  }

  isTestDevice(identity: { readonly mac: string; readonly serial: string }): boolean {
    const mac = normalizeMac(identity.mac);
    return this.#testDevices.some((device) =>
      device.type === 'MACAddress' ? device.identifier === mac : device.identifier === identity.serial,
    );
  }

  // Third-party provisioning authority --------------------------------------------------------

  provisioning(family: string): string | null {
    return this.#provisioning.get(family) ?? null;
  }

  provisioningTargets(): ReadonlyMap<string, string> {
    return new Map(this.#provisioning);
  }

  /** Makes the server also act as a third-party provisioning server pushing `version` (null: stops). */
  setProvisioning(version: string | null, ref: FamilyRef = {}): string {
    if (version === null) {
      const family = this.#resolveFamily(ref, undefined, [...this.#provisioning.keys()]);
      this.#provisioning.delete(family.family);
      this.events.emit('provisioning', family.family, null);
      this.events.emit('change', 'config');
      return `the provisioning server no longer pushes firmware to ${family.family}`;
    }
    const { family, build } = this.#resolveBuild(version, ref);
    // The stand-in is files (provisioning-files.ts): a family whose phones read none cannot be pinned by it.
    const readsFiles = [...this.data.profiles.values()].some((profile) => profile.firmwareFamily === family.family && this.data.provisioning.get(profile.id)?.format !== 'none');
    if (!readsFiles) {
      throw new InvalidInput(`${family.family} phones read no provisioning files (Lync Phone Edition updates only through the in-band service): the provisioning stand-in cannot pin their build`);
    }
    this.#provisioning.set(family.family, build.version);
    this.events.emit('provisioning', family.family, build.version);
    this.events.emit('change', 'config');
    return `the provisioning server pushes ${build.version} to every ${family.family} phone`;
  }

  // Faults ------------------------------------------------------------------------------------

  downloadFault(): DownloadFault {
    return this.#downloadFault;
  }

  setDownloadFault(fault: string): string {
    if (!(downloadFaults as readonly string[]).includes(fault)) {
      throw new InvalidInput(`"${fault}" is not a download fault; use ${downloadFaults.join(', ')}`);
    }
    this.#downloadFault = fault as DownloadFault;
    return fault === 'none' ? 'downloads are served whole' : `downloads are now served ${fault}`;
  }

  // Devices -------------------------------------------------------------------------------------

  devices(): readonly DeviceRecord[] {
    return [...this.#devices.values()];
  }

  device(mac: string): DeviceRecord | undefined {
    return this.#devices.get(mac);
  }

  /**
   * Makes room for one more device record when the list is full: the offline phone heard from
   * longest ago is forgotten (it is recorded again if it comes back). False when every one is connected.
   */
  makeRoomForDevice(): boolean {
    if (this.#devices.size < this.limits.maxDevices) return true;
    for (const mac of this.#heardOrder.keys()) {
      if (this.#devices.get(mac)?.connected) continue;
      this.#devices.delete(mac);
      this.#heardOrder.delete(mac);
      this.events.emit('change', 'devices');
      return true;
    }
    return false;
  }

  /** Adds a build to what a phone installed, keeping the newest few: the cost of a report does not grow with history. */
  withInstalled(record: DeviceRecord, version: string): readonly string[] {
    const kept = record.installed.length >= this.limits.maxInstalledKept ? record.installed.slice(1 - this.limits.maxInstalledKept) : record.installed;
    return [...kept, version];
  }

  /** Records what a phone said about itself, keeping what it did not say. */
  updateDevice(mac: string, change: Partial<DeviceRecord> & Pick<DeviceRecord, 'model' | 'serial' | 'firmware'>): DeviceRecord;
  updateDevice(mac: string, change: Partial<DeviceRecord>): DeviceRecord | undefined;
  updateDevice(mac: string, change: Partial<DeviceRecord>): DeviceRecord | undefined {
    const known = this.#devices.get(mac);
    if (!known && (change.model === undefined || change.serial === undefined || change.firmware === undefined)) return undefined;
    // Most reports repeat what the record says (every update.check): heard from, nothing to tell or write.
    if (known && !changesRecord(known, change)) {
      this.#heardOrder.delete(mac);
      this.#heardOrder.set(mac, true);
      return known;
    }
    const record: DeviceRecord = {
      mac,
      model: '',
      serial: '',
      firmware: '',
      connected: false,
      user: null,
      update: 'idle',
      warnings: [],
      installed: [],
      lastResult: null,
      ...known,
      ...change,
    };
    this.#devices.set(mac, record);
    this.#heardOrder.delete(mac);
    this.#heardOrder.set(mac, true);
    this.events.emit('device', record);
    // A new phone is not worth a write at once: it says hello again after a restart anyway.
    const significant = known !== undefined && (known.firmware !== record.firmware || known.lastResult !== record.lastResult);
    this.events.emit('change', significant ? 'results' : 'devices');
    return record;
  }

  #setRule(family: string, rule: UpdateRule): void {
    this.#rules.set(family, rule);
    this.events.emit('change', 'config');
  }

  // Lookups ---------------------------------------------------------------------------------------

  profile(model: string): DeviceProfile | undefined {
    return this.data.profiles.get(model);
  }

  #family(name: string): FirmwareFamily {
    const family = this.data.families.get(name);
    if (!family) throw new NotFound(`"${name}" is not a firmware family (known: ${[...this.data.families.keys()].join(', ')})`);
    return family;
  }

  /**
   * The family an admin command is about: named, through a device, through a version only
   * one family has, or the only candidate left (`candidates`, else every family).
   */
  #resolveFamily(ref: FamilyRef, version: string | undefined, candidates?: readonly string[]): FirmwareFamily {
    if (ref.family !== undefined) return this.#family(ref.family);
    if (ref.device !== undefined) {
      const profile = this.data.profiles.get(ref.device);
      if (!profile) throw new NotFound(`"${ref.device}" is not a device id (known: ${[...this.data.profiles.keys()].join(', ')})`);
      return this.#family(profile.firmwareFamily);
    }
    const pool = version === undefined ? (candidates ?? [...this.data.families.keys()]) : familiesWith(this.data, version);
    if (pool.length === 1) return this.#family(pool[0]!);
    if (pool.length === 0 && version !== undefined) throw new NotFound(`no firmware family has a build ${version}`);
    throw new InvalidInput(`say which firmware family with --family NAME or --device ID (candidates: ${pool.join(', ') || 'none'})`);
  }

  #resolveBuild(version: string, ref: FamilyRef): { family: FirmwareFamily; build: FirmwareBuild } {
    const family = this.#resolveFamily(ref, version);
    const parsed = parseVersion(family.versionScheme, version);
    if (typeof parsed === 'string') throw new InvalidInput(parsed);
    const build = findBuild(family, version);
    if (!build) {
      throw new NotFound(`${version} is not in firmware-catalog/${family.family}.yaml (known: ${family.builds.map((b) => b.version).join(', ')})`);
    }
    const profile = ref.device === undefined ? undefined : this.data.profiles.get(ref.device);
    if (profile && !runsOn(build, profile)) throw new Conflict(`${build.version} does not run on ${profile.id}`);
    return { family, build };
  }

  /** The family of an on-premises rule command; Online has no rules to change. */
  #onpremFamily(command: string, ref: FamilyRef, version: string | undefined, has: (rule: UpdateRule) => string | null): string {
    if (this.deployment !== 'onprem') {
      throw new Conflict(`${command} changes on-premises update rules; this server runs Online (start it with --deployment onprem)`);
    }
    const withRule = [...this.#rules].filter(([, rule]) => has(rule) !== null).map(([family]) => family);
    const candidates = version === undefined ? withRule : withRule.filter((family) => this.#rules.get(family)!.pending === version);
    if (ref.family === undefined && ref.device === undefined && version !== undefined && candidates.length === 0) {
      throw new Conflict(`no firmware family has ${version} pending; publish it first`);
    }
    return this.#resolveFamily(ref, undefined, candidates).family;
  }
}

/** Whether `change` says anything `record` does not: lists (warnings, installed) compare by their items. */
function changesRecord(record: DeviceRecord, change: Partial<DeviceRecord>): boolean {
  for (const key of Object.keys(change) as (keyof DeviceRecord)[]) {
    const was = record[key];
    const now = change[key];
    if (was === now) continue;
    if (!Array.isArray(was) || !Array.isArray(now) || was.length !== now.length || was.some((item, i) => item !== now[i])) return true;
  }
  return false;
}

function familiesWith(data: ProjectData, version: string): string[] {
  return [...data.families.values()]
    .filter((family) => typeof parseVersion(family.versionScheme, version) !== 'string' && findBuild(family, version))
    .map((family) => family.family);
}

function sortedVersions(family: FirmwareFamily, versions: readonly string[]): string[] {
  return [...versions].sort((a, b) => compareVersions(family.versionScheme, a, b));
}

/** Six or more hex pairs, joined or split by - or : (New-CsTestDevice); undefined otherwise. */
export function normalizeMac(text: string): string | undefined {
  const trimmed = text.trim();
  const split = /^[0-9A-Fa-f]{2}([-:])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4,}$/.test(trimmed);
  const joined = /^([0-9A-Fa-f]{2}){6,}$/.test(trimmed);
  return split || joined ? trimmed.replace(/[-:]/g, '').toUpperCase() : undefined;
}

function normalizeSerial(text: string): string | undefined {
  const trimmed = text.trim();
  return /^[A-Za-z0-9_-]+$/.test(trimmed) ? trimmed : undefined;
}

