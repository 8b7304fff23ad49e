import type { DeviceProfile, DeviceSettings, KeyName } from './device-profile.js';
import type { MenuCursor } from './menu.js';
import type { ImageHeader } from './firmware-image.js';
import type { IdentityContext, IdentityEmitted, IdentityEvent, IdentitySoftkeyId } from './identity/identity-types.js';
import type { Locale, Message } from './messages/index.js';
import type { PhonePolicy } from './policies.js';
import type { FirmwareTraits } from './quirks.js';
import type { ProvisionedConfig, ProvisioningProblemNote } from './provisioned.js';

/** What the update server tells a phone when it connects; defaults hold until then. */
export interface ServerSettings {
  /** How often an idle phone asks for updates (24 h on the real service; shorter on test rigs). */
  readonly checkIntervalMs: number;
  /** How long an unanswered offer waits for the phone to be idle before it installs by itself. */
  readonly updateInactivityMs: number;
  /** Emulated download speed, which sets how long the progress bar takes in virtual time. */
  readonly downloadBytesPerSecond: number;
}

export const defaultServerSettings: ServerSettings = {
  checkIntervalMs: 24 * 60 * 60_000,
  updateInactivityMs: 60 * 60_000,
  downloadBytesPerSecond: 5_000_000,
};

/** A build the server offers, with where to fetch it and how to check it. */
export interface FirmwareOffer {
  readonly version: string;
  readonly url: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

/** How the phone is known on the network: test devices are matched by MAC or serial. */
export interface PhoneIdentity {
  readonly mac: string;
  readonly serial: string;
}

/** Who told the phone to install a build: the in-band service, or a third-party provisioning server. */
export type UpdateAuthority = 'inBand' | 'provisioning';

/** What a third-party provisioning server wants the phone to run (offer null: nothing). */
export interface ProvisioningTarget {
  /** The provisioning server's address, named in an update-loop warning. */
  readonly server: string;
  readonly offer: FirmwareOffer | null;
}

export interface InstalledBuild {
  readonly version: string;
  readonly authority: UpdateAuthority;
}

/** A problem the emulator raises about the phone (an update loop, an unprotected phone), shown on its status. */
export interface Warning {
  readonly id: string;
  readonly message: Message;
}

export interface PhoneInput {
  readonly profile: DeviceProfile;
  readonly identity: PhoneIdentity;
  readonly firmware: string;
  readonly locale?: Locale;
  /** Overrides of the profile's device parameters. */
  readonly settings?: DeviceSettings;
  /** The hash (core/identity/lock-pin.ts) of a Device-Lock PIN already set (Polycom before 5.5.1). */
  readonly deviceLockPin?: string | undefined;
}

export interface DownloadProgress {
  /** Bytes received so far in virtual time: the progress bar. */
  readonly receivedBytes: number;
  /** The real fetch's outcome; the phone acts on it once all bytes are in, as a real phone would. */
  readonly outcome: 'pending' | 'verified' | { readonly failed: string };
  /** What the verified image says it is: the installer checks it fits this phone. */
  readonly image?: ImageHeader | undefined;
}

/** The offer, its download, and the record of installs. */
export interface UpdateContext {
  /** The build kept for rollback, null until the first install. */
  readonly previousFirmware: string | null;
  /** Set by an install, kept until the server has been told (at the next connection). */
  readonly justInstalled: { readonly from: string; readonly to: string } | null;
  /** When the server asked to be asked again (interval plus jitter); null: the settings' interval. */
  readonly nextCheckMs: number | null;
  readonly offer: FirmwareOffer | null;
  /** Who the current offer comes from. */
  readonly offerFrom: UpdateAuthority;
  readonly provisioning: ProvisioningTarget | null;
  /** Builds installed since power-on, newest last, with who pushed them: what loop detection reads. */
  readonly installHistory: readonly InstalledBuild[];
  /** Set when an installed image failed to start and the phone went back to its build; kept until the server has been told. */
  readonly rolledBack: { readonly version: string; readonly reason: string } | null;
  readonly download: DownloadProgress | null;
  /** SwUpdate was pressed: install what the check finds without asking. */
  readonly onDemand: boolean;
}

export const initialUpdateContext: UpdateContext = {
  previousFirmware: null,
  justInstalled: null,
  nextCheckMs: null,
  offer: null,
  offerFrom: 'inBand',
  provisioning: null,
  installHistory: [],
  rolledBack: null,
  download: null,
  onDemand: false,
};

export interface PhoneContext extends IdentityContext {
  readonly profile: DeviceProfile;
  readonly identity: PhoneIdentity;
  readonly locale: Locale;
  readonly settings: DeviceSettings;
  readonly firmware: string;
  /** What `firmware` means on this profile (core/quirks.ts), resolved when the firmware changes; shared, never persisted. */
  readonly traits: FirmwareTraits;
  readonly server: ServerSettings;
  /** The effective in-band policy, as the server last sent it; the cmdlets' defaults until then. */
  readonly policy: PhonePolicy;
  /** What the update region keeps. Grouped so the context stays within V8's fast-property
   * limit: XState copies the context on every assign, and a fleet does that millions of times. */
  readonly update: UpdateContext;
  readonly warnings: readonly Warning[];
  readonly notice: Message | null;
  readonly menu: MenuCursor;
  /** The vendor Device-Lock PIN as a salted hash, on firmware that has one (Polycom before 5.5.1); never shown. */
  readonly deviceLockPin: string | null;
  /** What a third-party provisioning server last set (the last good configuration); null when none did. */
  readonly provisioned: ProvisionedConfig | null;
}

export type SoftkeyId = 'update' | 'postpone' | 'swUpdate' | 'back' | IdleSoftkeyId | IdentitySoftkeyId;

/** An idle-screen softkey of the profile (`idleSoftkeys`), by its id: `open.status`. */
export type IdleSoftkeyId = `open.${string}`;

export type PhoneEvent =
  | { readonly type: 'key.press'; readonly key: KeyName }
  | { readonly type: 'softkey.press'; readonly id: SoftkeyId }
  | { readonly type: 'server.connected'; readonly settings: ServerSettings; readonly policy?: PhonePolicy }
  | { readonly type: 'server.disconnected' }
  | { readonly type: 'server.policyChanged'; readonly policy: PhonePolicy }
  | { readonly type: 'server.updateOffered'; readonly offer: FirmwareOffer; readonly nextCheckMs?: number }
  | { readonly type: 'server.noUpdate'; readonly nextCheckMs?: number }
  | { readonly type: 'download.verified'; readonly image?: ImageHeader }
  | { readonly type: 'download.failed'; readonly reason: string }
  /** The transfer under way is gone without a verdict (the emulator process that ran it restarted). */
  | { readonly type: 'download.lost' }
  | { readonly type: 'notice.show'; readonly notice: Message }
  /**
   * The phone read its provisioning server (at boot): `config` to apply (absent: it keeps its last
   * good one), and the first problem of the read with how many there were (null: none).
   */
  | {
      readonly type: 'provisioning.read';
      readonly config?: ProvisionedConfig;
      readonly problem: ProvisioningProblemNote | null;
      readonly problemCount: number;
    }
  /** The firmware a provisioning file names (offer null: none): a build other than the running one installs without asking. */
  | { readonly type: 'provisioning.firmware'; readonly target: ProvisioningTarget }
  | IdentityEvent;

/** What the phone asks of the outside world; the phone runtime turns these into frames and requests. */
export type PhoneEmitted =
  | { readonly type: 'phone.booted'; readonly firmware: string }
  /** Once connected: what the last install did (installed, or rolled back), for the server; then forgotten. */
  | {
      readonly type: 'update.resultDue';
      readonly firmware: string;
      readonly installed: { readonly from: string; readonly to: string } | null;
      readonly rolledBack: { readonly version: string; readonly reason: string } | null;
    }
  | { readonly type: 'phone.shuttingDown' }
  | { readonly type: 'update.checkRequested'; readonly firmware: string }
  | { readonly type: 'download.requested'; readonly offer: FirmwareOffer }
  | { readonly type: 'update.failed'; readonly version: string; readonly reason: string }
  | IdentityEmitted;
