import { render } from 'ink';
import { certifiedBuildsFor } from '../../core/catalog.js';
import { ClockControl } from '../../core/clock-control.js';
import type { Locale } from '../../core/messages/index.js';
import { startPhoneSession, type PhoneSession } from '../../phone/phone-session.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { ringPhone } from '../../server/admin-client.js';
import { startUpdateServer } from '../../server/update-server.js';
import { StartApp } from '../../tui/StartApp.js';
import { UsageError } from '../fail.js';
import { startingFirmware } from '../options.js';
import { newIdentity, savedPhone } from '../phone-state-file.js';
import { provisioningSource, type ProvisioningOptions } from '../provisioning-option.js';
import { requireTerminal } from '../terminal.js';
import { checkRecording, finishRecording, sessionRecording, type RecordOptions } from '../recording.js';
import type { SessionRecorder } from '../../scenario/session-recorder.js';
import { serverStateFileFor, tenantToServe } from './server.js';
import { inkRenderOptions } from '../../tui/ink-options.js';

export interface StartCommandOptions extends ProvisioningOptions, RecordOptions {
  readonly locale?: Locale | undefined;
  readonly tenant?: string | undefined;
  readonly state?: string | undefined;
  /** The embedded server's port (0: a free one). */
  readonly port?: number | undefined;
  /** A running server to use instead of an embedded one. */
  readonly server?: string | undefined;
}

/** The server the picked phone talks to: the running one at `--server`, or an embedded one (on `--port`). */
export async function startServerFor(
  options: Pick<StartCommandOptions, 'server'>,
  embedded: () => Promise<{ readonly url: string; readonly httpUrl: string; close(): Promise<void> }>,
): Promise<{ readonly url: string; readonly httpUrl: string; close(): Promise<void> }> {
  if (options.server === undefined) return embedded();
  // --server was checked when the command line was read (parseServerUrl).
  return { url: options.server, httpUrl: options.server, close: async () => {} };
}

/**
 * `phone-emu start` (npm start): the device picker, an embedded server, one phone. With
 * `--state FILE` a saved phone skips the picker, and the embedded server keeps its own state
 * beside it (FILE.server.json), so the phone's session and the published builds last too.
 */
export async function startCommand(options: StartCommandOptions): Promise<void> {
  const external = options.server;
  if (external !== undefined && options.tenant !== undefined) {
    throw new UsageError('--tenant: the server at --server serves its own tenant; give --tenant to that server, or drop --server');
  }
  const data = loadProjectData();
  const kept = options.state === undefined ? undefined : savedPhone(data, options.state);
  // Against a running server the phone keeps its own state only; that server keeps its own.
  const serverState = options.state === undefined || external !== undefined ? undefined : serverStateFileFor(options.state);
  const tenant = external === undefined ? tenantToServe(options.tenant, serverState) : undefined;
  checkRecording(options, kept !== undefined);
  requireTerminal('start');
  const recordSession = await sessionRecording(options);
  const sessions: PhoneSession[] = [];
  // The embedded server keeps the phone's time: a jump of 15 minutes expires a web sign-in code on both.
  // One owner of that clock takes the TUI's jumps and the web console's (POST /admin/clock/advance).
  const clock = new ClockControl(Date.now());
  const server = await startServerFor(options, () => startUpdateServer({ data, tenant, clockControl: clock, stateFile: serverState, port: options.port }));
  const serverUrl = server.url;
  const items = [...data.profiles.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((profile) => {
      const newest = certifiedBuildsFor(data.families.get(profile.firmwareFamily)!, profile).at(-1)?.version ?? '-';
      return { id: profile.id, label: `${profile.manufacturer} ${profile.model}`, detail: `${profile.id} · newest ${newest}` };
    });
  let recorder: SessionRecorder | undefined;
  const startSession = (id: string) => {
    const profile = data.profiles.get(id)!;
    const phone = kept ?? { profile, firmware: startingFirmware(data, profile, undefined), identity: newIdentity(profile), state: options.state === undefined ? undefined : { file: options.state } };
    const session = startPhoneSession({ ...phone, serverUrl, locale: options.locale, provisioning: provisioningSource(data, phone.profile.id, options), provisioningData: data.provisioning.get(phone.profile.id) });
    sessions.push(session);
    clock.attach(session.clock, session.jump, Date.now() - session.clock.now());
    // The embedded server's tenant goes into the recording; a running server's is its own.
    recorder = recordSession?.(session, { tenant, command: `phone-emu start (${profile.id})` });
    return session;
  };
  const restored = kept && startSession(kept.profile.id);
  const app = render(
    <StartApp
      items={items}
      serverUrl={serverUrl}
      consoleUrl={new URL('console', server.httpUrl.replace(/^ws/, 'http')).href}
      epochMs={clock.epochMs}
      clock={clock}
      ring={(mac, from) => ringPhone({ server: server.httpUrl }, mac, from)}
      startSession={startSession}
      session={restored}
      observer={() => recorder}
    />,
    inkRenderOptions,
  );
  await app.waitUntilExit();
  finishRecording(recorder);
  for (const session of sessions) session.close();
  await server.close();
}
