import { readImageHeader } from '../core/firmware-image.js';
import type { FirmwareOffer } from '../core/phone-types.js';
import type { ProvisionedConfig, ProvisioningProblemNote } from '../core/provisioned.js';
import { deviceProfile, firmware as firmwareOf, identity as identityOf, isRunning, provisioned, provisioningTarget } from '../core/selectors.js';
import type { VirtualClock } from '../core/virtual-clock.js';
import type { DeviceProvisioning } from '../profiles/provisioning-schema.js';
import { readProvisioning, shownUrl, type ProvisioningResult } from '../provisioning/index.js';
import type { PhoneActor } from './create-phone.js';
import { downloadImage } from './firmware-download.js';
import type { HeldWork } from './held-work.js';

/** Where a phone finds its provisioning server: `--provisioning URL`, standing in for DHCP option 66/160. */
export interface ProvisioningSource {
  readonly url: string;
  /** Accept a self-signed HTTPS certificate (`--provisioning-insecure`). */
  readonly insecure?: boolean | undefined;
  /** The model's provisioning data: ProjectData.provisioning.get(profile id). */
  readonly data: DeviceProvisioning;
}

export type ProvisioningNote = (kind: 'server' | 'problem', text: string) => void;

/** A server that is down is asked again after this much virtual time, doubling up to the ceiling. */
const firstRetryMs = 60_000;
const maxRetryMs = 30 * 60_000;

/**
 * What a phone does with its provisioning server, as the real ones do: at every boot it reads its
 * vendor's files (src/provisioning), applies the parameters the emulator models, and installs a
 * provisioned firmware other than the one it runs without asking (the update region's download,
 * check and reboot). A file that does not parse leaves the last good configuration in place; a
 * server that is down too, and the phone asks again on its own clock.
 */
export class ProvisioningBoot {
  readonly #server: string;
  #retryMs = firstRetryMs;
  #retry: number | undefined;
  /** The read in flight: a later boot supersedes an earlier read. */
  #reads = 0;
  #ignoredShown = false;
  #lastProblems = '';
  #closed = false;
  readonly #subscriptions: { unsubscribe(): void }[];

  constructor(
    private readonly actor: PhoneActor,
    private readonly source: ProvisioningSource,
    private readonly clock: VirtualClock,
    private readonly work: HeldWork,
    private readonly note: ProvisioningNote = () => {},
    /** False for a server the network names (network-provisioning.ts): its reader says when to read. */
    readAtBoot = true,
  ) {
    this.#server = URL.canParse(source.url) ? shownUrl(new URL(source.url)) : source.url;
    let readOnce = false;
    this.#subscriptions = !readAtBoot ? [] : [
      actor.on('phone.booted', () => {
        readOnce = true;
        void this.read();
      }),
      // A phone restored running from its state file did not boot in this process: it reads once, as it comes up.
      actor.subscribe((snapshot) => {
        if (readOnce || !isRunning(snapshot)) return;
        readOnce = true;
        void this.read();
      }),
    ];
  }

  close(): void {
    this.#closed = true;
    this.#cancelRetry();
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    this.work.release();
  }

  /**
   * This server is no longer the phone's (the network names none, or another): a build it pinned
   * pins nothing now, so the update loop it was half of ends, as when its file names no firmware.
   */
  withdraw(): void {
    if (provisioningTarget(this.actor.getSnapshot())?.server === this.#server) {
      this.actor.send({ type: 'provisioning.firmware', target: { server: this.#server, offer: null } });
    }
    this.close();
  }

  /** Reads the server now and hands the phone what it found. */
  async read(): Promise<void> {
    if (this.#closed) return;
    this.#cancelRetry();
    const read = ++this.#reads;
    const snapshot = this.actor.getSnapshot();
    const profile = deviceProfile(snapshot);
    const last = provisioned(snapshot);
    const kept = last?.server === this.#server ? last : null;
    this.work.begin();
    try {
      const result = await readProvisioning({
        url: this.source.url,
        profile: { id: profile.id, provisioning: this.source.data },
        mac: identityOf(snapshot).mac,
        ...(kept && { previousMd5: new Map(Object.entries(kept.md5)) }),
        ...(this.source.insecure && { insecure: true }),
      });
      if (this.#closed || read !== this.#reads) return;
      await this.#apply(result, kept);
    } finally {
      this.work.end();
    }
  }

  async #apply(result: ProvisioningResult, kept: ProvisionedConfig | null): Promise<void> {
    this.#noteProblems(result);
    const problem: ProvisioningProblemNote | null = result.problems[0] ?? null;
    if (!result.supported) {
      this.actor.send({ type: 'provisioning.read', problem, problemCount: result.problems.length });
      return;
    }
    const down = result.files.some((file) => file.status === 'unreachable');
    const refused = result.files.some((file) => file.status === 'refused');
    if (down) this.#scheduleRetry();
    else this.#retryMs = firstRetryMs;
    if (down || refused) {
      // Real phones keep what they had: nothing of this read is applied.
      this.actor.send({ type: 'provisioning.read', problem, problemCount: result.problems.length });
      return;
    }
    if (!this.#ignoredShown && result.ignored.length > 0) {
      this.#ignoredShown = true;
      this.note('server', `provisioning: ignored: ${result.ignored.length} parameters, e.g. ${result.ignored[0]}`);
    }
    const config = configOf(result, kept, this.#server);
    this.note('server', `provisioning: ${this.#server}: ${describeConfig(result)}`);
    this.actor.send({ type: 'provisioning.read', config, problem, problemCount: result.problems.length });
    await this.#firmware(result);
  }

  /** The firmware the files name: installed when it is not the running build. */
  async #firmware(result: ProvisioningResult): Promise<void> {
    const named = result.firmware ?? this.#keptFirmware(result);
    if (named === null) {
      // The file no longer pins a build: this server stops being an update authority.
      if (provisioningTarget(this.actor.getSnapshot())?.server === this.#server) {
        this.actor.send({ type: 'provisioning.firmware', target: { server: this.#server, offer: null } });
      }
      return;
    }
    const running = firmwareOf(this.actor.getSnapshot());
    const shown = shownUrl(new URL(named.url));
    const known = provisioningTarget(this.actor.getSnapshot());
    if (named.version !== undefined && sameBuild(named.version, running) && known?.server === this.#server && known.offer?.version === running && known.offer.url === named.url) {
      // The build it installed from this file: nothing to fetch again.
      this.actor.send({ type: 'provisioning.firmware', target: known });
      return;
    }
    const offer = await this.#fetchOffer(named.url, shown, named.version);
    if (offer === null || this.#closed) return;
    this.actor.send({ type: 'provisioning.firmware', target: { server: this.#server, offer } });
  }

  /**
   * A file skipped for its unchanged MD5 (Yealink) still says what it said: the firmware this server
   * pinned stays pinned, as its other parameters keep their values (configOf).
   */
  #keptFirmware(result: ProvisioningResult): { url: string; version?: string } | null {
    if (!result.files.some((file) => file.status === 'unchanged')) return null;
    const known = provisioningTarget(this.actor.getSnapshot());
    return known?.server === this.#server && known.offer !== null ? { url: known.offer.url, version: known.offer.version } : null;
  }

  /** Fetches the image once to know its build, size and hash; the phone's own download checks them. */
  async #fetchOffer(url: string, shown: string, versionInName: string | undefined): Promise<FirmwareOffer | null> {
    try {
      const image = await downloadImage(url);
      const version = readImageHeader(image.head)?.version ?? versionInName;
      if (version === undefined) {
        this.note('problem', `provisioning: ${shown}: neither the image nor its file name says which build it is; not installed`);
        return null;
      }
      // A file name carries the bare number where the catalog prefixes it (AudioCodes 3.1.2.89 is UC_3.1.2.89).
      const build = version === versionInName && sameBuild(version, firmwareOf(this.actor.getSnapshot())) ? firmwareOf(this.actor.getSnapshot()) : version;
      return { version: build, url, sha256: image.sha256, sizeBytes: image.sizeBytes };
    } catch (error) {
      this.note('problem', `provisioning: firmware ${shown}: ${(error as Error).message}; the phone stays on ${firmwareOf(this.actor.getSnapshot())}`);
      return null;
    }
  }

  /** Each problem once, while it lasts: a server down for an hour is not sixty lines. */
  #noteProblems(result: ProvisioningResult): void {
    const lines = result.problems.map((problem) => `provisioning: ${problem.file}${problem.line === undefined ? '' : ` line ${problem.line}`}: ${problem.reason}`);
    const key = lines.join('\n');
    if (key === this.#lastProblems) return;
    this.#lastProblems = key;
    for (const line of lines) this.note('problem', line);
  }

  #scheduleRetry(): void {
    const delay = this.#retryMs;
    this.#retryMs = Math.min(maxRetryMs, this.#retryMs * 2);
    this.#retry = this.clock.setTimeout(() => {
      this.#retry = undefined;
      void this.read();
    }, delay);
  }

  #cancelRetry(): void {
    if (this.#retry === undefined) return;
    this.clock.clearTimeout(this.#retry);
    this.#retry = undefined;
  }
}

/** The same build written two ways: AudioCodes names UC_3.1.2.89 as 3.1.2.89 in its image file names. */
function sameBuild(a: string, b: string): boolean {
  return a === b || a.endsWith(`_${b}`) || b.endsWith(`_${a}`);
}

/** The configuration after this read: what the files set now over what they set before (an unchanged Yealink file is not read again). */
function configOf(result: ProvisioningResult, kept: ProvisionedConfig | null, server: string): ProvisionedConfig {
  const { updatePopUp, locale, phoneLockEnabled, line1DisplayName, line1Label } = result.modelled;
  const md5: Record<string, string> = {};
  for (const file of result.files) if (file.md5 !== undefined && Object.keys(md5).length < 64) md5[file.url] = file.md5;
  const set = Object.fromEntries(
    Object.entries({ updatePopUp, locale, phoneLockEnabled, line1DisplayName, line1Label }).filter(([, value]) => value !== undefined),
  );
  return { ...(kept ?? {}), server, precedence: result.precedence, ...set, md5 } as ProvisionedConfig;
}

function describeConfig(result: ProvisioningResult): string {
  const read = result.files.filter((file) => file.status === 'applied').length;
  const unchanged = result.files.filter((file) => file.status === 'unchanged').length;
  const settings = Object.entries(result.modelled).map(([name, value]) =>
    // The firmware URL keeps its password (the phone downloads with it); what is shown does not.
    name === 'firmwareUrl' ? `${name}=${shownUrl(new URL(String(value)))}` : `${name}=${String(value)}`,
  );
  const files = `${read} file(s) read${unchanged > 0 ? `, ${unchanged} unchanged` : ''}`;
  return settings.length > 0 ? `${files}; set ${settings.join(', ')}` : `${files}; nothing the emulator models`;
}
