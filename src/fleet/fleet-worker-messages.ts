import type { MixShare } from './device-mix.js';
import type { FleetProgress, FleetSummary } from './fleet.js';
import type { PhoneRange } from './fleet-slices.js';
import type { SignInWaveOptions } from './sign-in-waves.js';

/** A worker's part of the fleet options, as JSON can carry them over the IPC channel. */
export interface WorkerRunOptions {
  readonly serverUrl: string;
  readonly count: number;
  readonly range: PhoneRange;
  readonly mix: readonly MixShare[];
  readonly targets: readonly (readonly [string, string])[] | null;
  /** The build each model of the mix boots on, by profile id. */
  readonly startingFirmware: Readonly<Record<string, string>>;
  readonly waveSize?: number;
  readonly maxVirtualMs?: number;
  readonly progressEveryMs?: number;
  readonly signIn?: SignInWaveOptions;
  readonly calls?: boolean;
  readonly provisioning?: { readonly url: string; readonly insecure?: boolean };
}

export type ParentMessage = { readonly type: 'run'; readonly options: WorkerRunOptions } | { readonly type: 'stop' };

export type ChildMessage =
  | { readonly type: 'progress'; readonly progress: FleetProgress }
  | { readonly type: 'summary'; readonly summary: FleetSummary }
  | { readonly type: 'error'; readonly message: string };
