import type { DeviceProfile, DeviceSettings, KeyName } from './device-profile.js';
import type { MenuCursor } from './menu.js';
import type { Locale, Message } from './messages/index.js';

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

export interface PhoneInput {
  readonly profile: DeviceProfile;
  readonly identity: PhoneIdentity;
  readonly firmware: string;
  readonly locale?: Locale;
  /** Overrides of the profile's device parameters. */
  readonly settings?: DeviceSettings;
  /** A Device-Lock PIN already set (Polycom before 5.5.1): restored state, scenarios, tests. */
  readonly deviceLockPin?: string | undefined;
}

/** Something wrong the emulator noticed: shown on the phone's status, queried by scenarios. */
export interface PhoneWarning {
  /** Stable, kebab-case: `phone-unprotected`. */
  readonly code: string;
  readonly message: Message;
}

export interface DownloadProgress {
  /** Bytes received so far in virtual time: the progress bar. */
  readonly receivedBytes: number;
  /** The real fetch's outcome; the phone acts on it once all bytes are in, as a real phone would. */
  readonly outcome: 'pending' | 'verified' | { readonly failed: string };
}

export interface PhoneContext {
  readonly profile: DeviceProfile;
  readonly identity: PhoneIdentity;
  readonly locale: Locale;
  readonly settings: DeviceSettings;
  readonly firmware: string;
  /** The build kept for rollback, null until the first install. */
  readonly previousFirmware: string | null;
  /** Set by an install, reported to the server at the next boot. */
  readonly justInstalled: { readonly from: string; readonly to: string } | null;
  readonly server: ServerSettings;
  readonly offer: FirmwareOffer | null;
  readonly download: DownloadProgress | null;
  /** SwUpdate was pressed: install what the check finds without asking. */
  readonly updateOnDemand: boolean;
  readonly notice: Message | null;
  readonly menu: MenuCursor;
  /** The vendor Device-Lock PIN, on firmware that has one; never shown. */
  readonly deviceLockPin: string | null;
  readonly warnings: readonly PhoneWarning[];
}

export type SoftkeyId = 'update' | 'postpone' | 'swUpdate' | 'back' | IdleSoftkeyId;

/** An idle-screen softkey of the profile (`idleSoftkeys`), by its id: `open.status`. */
export type IdleSoftkeyId = `open.${string}`;

export type PhoneEvent =
  | { readonly type: 'key.press'; readonly key: KeyName }
  | { readonly type: 'softkey.press'; readonly id: SoftkeyId }
  | { readonly type: 'server.connected'; readonly settings: ServerSettings }
  | { readonly type: 'server.disconnected' }
  | { readonly type: 'server.updateOffered'; readonly offer: FirmwareOffer }
  | { readonly type: 'server.noUpdate' }
  | { readonly type: 'download.verified' }
  | { readonly type: 'download.failed'; readonly reason: string }
  | { readonly type: 'notice.show'; readonly notice: Message };

/** What the phone asks of the outside world; the phone runtime turns these into frames and requests. */
export type PhoneEmitted =
  | {
      readonly type: 'phone.booted';
      readonly firmware: string;
      readonly installed: { readonly from: string; readonly to: string } | null;
    }
  | { readonly type: 'phone.shuttingDown' }
  | { readonly type: 'update.checkRequested'; readonly firmware: string }
  | { readonly type: 'download.requested'; readonly offer: FirmwareOffer }
  | { readonly type: 'update.failed'; readonly version: string; readonly reason: string };
