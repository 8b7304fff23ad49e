import { render } from 'ink';
import { certifiedBuildsFor } from '../../core/catalog.js';
import type { Locale } from '../../core/messages/index.js';
import { startPhoneSession, type PhoneSession } from '../../phone/phone-session.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { ringPhone } from '../../server/admin-client.js';
import { startUpdateServer } from '../../server/update-server.js';
import { StartApp } from '../../tui/StartApp.js';
import { startingFirmware } from '../options.js';
import { newIdentity, savedPhone } from '../phone-state-file.js';
import { requireTerminal } from '../terminal.js';
import { serverStateFileFor, tenantToServe } from './server.js';

export interface StartCommandOptions {
  readonly locale?: Locale | undefined;
  readonly tenant?: string | undefined;
  readonly state?: string | undefined;
}

/**
 * `phone-emu start` (npm start): the device picker, an embedded server, one phone. With
 * `--state FILE` a saved phone skips the picker, and the embedded server keeps its own state
 * beside it (FILE.server.json), so the phone's session and the published builds last too.
 */
export async function startCommand(options: StartCommandOptions): Promise<void> {
  const data = loadProjectData();
  const kept = options.state === undefined ? undefined : savedPhone(data, options.state);
  const serverState = options.state === undefined ? undefined : serverStateFileFor(options.state);
  const tenant = tenantToServe(options.tenant, serverState);
  requireTerminal('start');
  const sessions: PhoneSession[] = [];
  // The embedded server keeps the phone's time: a jump of 15 minutes expires a web sign-in code on both.
  const clock = { now: () => sessions.at(-1)?.clock.now() ?? 0 };
  const server = await startUpdateServer({ data, tenant, clock, stateFile: serverState });
  const items = [...data.profiles.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((profile) => {
      const newest = certifiedBuildsFor(data.families.get(profile.firmwareFamily)!, profile).at(-1)?.version ?? '-';
      return { id: profile.id, label: `${profile.manufacturer} ${profile.model}`, detail: `${profile.id} · newest ${newest}` };
    });
  const startSession = (id: string) => {
    const profile = data.profiles.get(id)!;
    const phone = kept ?? { profile, firmware: startingFirmware(data, profile, undefined), identity: newIdentity(profile), state: options.state === undefined ? undefined : { file: options.state } };
    const session = startPhoneSession({ ...phone, serverUrl: server.url, locale: options.locale });
    sessions.push(session);
    return session;
  };
  const restored = kept && startSession(kept.profile.id);
  const app = render(
    <StartApp
      items={items}
      serverUrl={server.url}
      epochMs={Date.now() - (restored?.clock.now() ?? 0)}
      ring={(mac, from) => ringPhone({ server: server.httpUrl }, mac, from)}
      startSession={startSession}
      session={restored}
    />,
    { exitOnCtrlC: true },
  );
  await app.waitUntilExit();
  for (const session of sessions) session.close();
  await server.close();
}
