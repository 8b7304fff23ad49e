import { rmSync, statSync, writeFileSync } from 'node:fs';
import type { DeviceSettings } from '../core/device-profile.js';
import { firmware, locale } from '../core/selectors.js';
import type { Tenant } from '../core/tenant.js';
import type { PhoneSession } from '../phone/phone-session.js';
import type { SessionRecorder } from '../scenario/session-recorder.js';
import { UsageError } from './fail.js';

/** `--record FILE [--record-secrets]` of `phone` and `start`. */
export interface RecordOptions {
  readonly record?: string | undefined;
  readonly recordSecrets?: boolean | undefined;
}

/** Refuses, before any terminal UI starts, a recording that cannot be made: a file that cannot be written, a restored phone. */
export function checkRecording(options: RecordOptions, restored: boolean): void {
  if (options.record === undefined) {
    if (options.recordSecrets) throw new UsageError('--record-secrets goes with --record FILE');
    return;
  }
  if (restored) {
    throw new UsageError('--record: the phone restored from --state starts where a scenario cannot (its user, PIN, timers); record a new phone: drop --state or give a new file');
  }
  // The probe below would pass for a folder (it writes beside it), and the first write would then fail mid-session.
  if (statSync(options.record, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--record ${options.record}: is a folder; give the file to write, e.g. ${options.record.replace(/\/+$/, '')}/session.yaml`);
  }
  const probe = `${options.record}.${process.pid}.tmp`;
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new UsageError(`--record ${options.record}: cannot write there: ${(error as Error).message.replace(probe, options.record)}`);
  }
}

/** How the command sets up a recording once its phone has started. */
export type RecordSession = (
  session: PhoneSession,
  setup: { readonly settings?: DeviceSettings | undefined; readonly tenant?: Tenant | undefined; readonly command: string },
) => SessionRecorder;

/**
 * What starts a recorder for a session, its file written at once; undefined without --record.
 * The recorder (and the scenario format with it) loads only then: a phone without --record starts as fast as before.
 */
export async function sessionRecording(options: RecordOptions): Promise<RecordSession | undefined> {
  const file = options.record;
  if (file === undefined) return undefined;
  const { SessionRecorder } = await import('../scenario/session-recorder.js');
  return (session, setup) => {
    const snapshot = session.actor.getSnapshot();
    const recorder = new SessionRecorder({
      file,
      device: session.profile.id,
      firmware: firmware(snapshot),
      locale: locale(snapshot),
      settings: setup.settings ?? {},
      bootMs: session.profile.timings.bootMs,
      startedAt: session.clock.now(),
      tenant: setup.tenant,
      secrets: options.recordSecrets === true,
      command: setup.command,
      now: () => session.clock.now(),
      snapshot: () => session.actor.getSnapshot(),
    });
    recorder.write();
    return recorder;
  };
}

/** The session ended: the last expectation and the file; a file that cannot be written is this command's error. */
export function finishRecording(recorder: SessionRecorder | undefined): void {
  try {
    recorder?.finish();
  } catch (error) {
    throw new UsageError((error as Error).message, 1);
  }
}
