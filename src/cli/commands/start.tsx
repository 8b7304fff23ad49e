import { render } from 'ink';
import { certifiedBuildsFor } from '../../core/catalog.js';
import type { Locale } from '../../core/messages/index.js';
import { startPhoneSession, type PhoneSession } from '../../phone/phone-session.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { loadTenant } from '../../profiles/load-tenant.js';
import { ringPhone } from '../../server/admin-client.js';
import { startUpdateServer } from '../../server/update-server.js';
import { StartApp } from '../../tui/StartApp.js';
import { startingFirmware } from '../options.js';
import { requireTerminal } from '../terminal.js';

/** `phone-emu start` (npm start): the device picker, an embedded server, one phone. */
export async function startCommand(options: { readonly locale: Locale; readonly tenant?: string | undefined }): Promise<void> {
  requireTerminal('start');
  const data = loadProjectData();
  const sessions: PhoneSession[] = [];
  // The embedded server keeps the phone's time: a jump of 15 minutes expires a web sign-in code on both.
  const clock = { now: () => sessions.at(-1)?.clock.now() ?? 0 };
  const server = await startUpdateServer({ data, tenant: loadTenant(options.tenant), clock });
  const items = [...data.profiles.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((profile) => {
      const newest = certifiedBuildsFor(data.families.get(profile.firmwareFamily)!, profile).at(-1)?.version ?? '-';
      return { id: profile.id, label: `${profile.manufacturer} ${profile.model}`, detail: `${profile.id} · newest ${newest}` };
    });
  const app = render(
    <StartApp
      items={items}
      serverUrl={server.url}
      epochMs={Date.now()}
      ring={(mac, from) => ringPhone({ server: server.httpUrl }, mac, from)}
      startSession={(id) => {
        const profile = data.profiles.get(id)!;
        const firmware = startingFirmware(data, profile, undefined);
        const session = startPhoneSession({ profile, firmware, serverUrl: server.url, locale: options.locale });
        sessions.push(session);
        return session;
      }}
    />,
    { exitOnCtrlC: true },
  );
  await app.waitUntilExit();
  for (const session of sessions) session.close();
  await server.close();
}
