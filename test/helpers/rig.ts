import type { KeyName } from '../../src/core/device-profile.js';
import type { PhonePolicy } from '../../src/core/phone-policy.js';
import { renderScreen, screenText } from '../../src/core/screen.js';
import { tenantSchema } from '../../src/core/tenant.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import type { DeviceSettings } from '../../src/core/device-profile.js';
import { createPhone } from '../../src/phone/create-phone.js';
import { linkPhone } from '../../src/phone/phone-link.js';
import { startUpdateServer, type UpdateServerOptions } from '../../src/server/update-server.js';
import { projectData, profile } from './data.js';

/**
 * A real update server on 127.0.0.1 (port 0) and one phone linked to it over a real
 * socket, on a virtual clock the server shares. `advance` moves time and waits for the
 * server's replies.
 */
export async function startRig(options: {
  device?: string;
  firmware: string;
  settings?: DeviceSettings;
  policy?: Partial<PhonePolicy>;
  /** The tenant as a scenario writes it: users, deployment. */
  tenant?: unknown;
  server?: Omit<UpdateServerOptions, 'data'>;
}) {
  const clock = new VirtualClock();
  const server = await startUpdateServer({
    data: projectData(),
    clock,
    tenant: tenantSchema.parse(options.tenant ?? {}),
    ...options.server,
  });
  const actor = createPhone({
    profile: profile(options.device ?? 'polycom-vvx-601'),
    firmware: options.firmware,
    clock,
    settings: options.settings,
    policy: options.policy,
  });
  const link = linkPhone(actor, { url: server.url, clock });
  actor.start();
  const settle = () => link.whenSettled();
  const rig = {
    server,
    clock,
    actor,
    link,
    advance: (ms: number) => clock.advance(ms, settle),
    screen: () => screenText(renderScreen(actor.getSnapshot())),
    /** The screen as one line: messages wrap at the display's width. */
    text: () => rig.screen().replace(/\s+/g, ' '),
    softkey: async (label: string) => {
      const found = renderScreen(actor.getSnapshot()).softkeys.find((key) => key.label === label);
      if (!found) throw new Error(`no softkey "${label}" on screen:\n${rig.screen()}`);
      actor.send({ type: 'softkey.press', id: found.id });
      await settle();
    },
    /** Picks the numbered row with this label ("3. Web Sign-in"), as a person pressing its digit. */
    choose: async (label: string) => {
      const row = renderScreen(actor.getSnapshot()).lines.find((line) => line.endsWith(`. ${label}`));
      if (!row) throw new Error(`no row "${label}" on screen:\n${rig.screen()}`);
      actor.send({ type: 'key.press', key: row.split('.')[0] as KeyName });
      await settle();
    },
    keys: async (keys: string) => {
      for (const key of keys) actor.send({ type: 'key.press', key: key as KeyName });
      await settle();
    },
    key: async (key: KeyName) => {
      actor.send({ type: 'key.press', key });
      await settle();
    },
    type: async (text: string) => {
      actor.send({ type: 'text.input', text });
      await settle();
    },
    context: () => actor.getSnapshot().context,
    close: async () => {
      link.close();
      actor.stop();
      await server.close();
    },
  };
  return rig;
}

export type Rig = Awaited<ReturnType<typeof startRig>>;
