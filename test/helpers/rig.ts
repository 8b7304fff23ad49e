import { renderScreen, screenText } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import type { DeviceSettings } from '../../src/core/device-profile.js';
import { createPhone } from '../../src/phone/create-phone.js';
import { linkPhone } from '../../src/phone/phone-link.js';
import { startUpdateServer, type UpdateServerOptions } from '../../src/server/update-server.js';
import { projectData, profile } from './data.js';

/**
 * A real update server on 127.0.0.1 (port 0) and one phone linked to it over a real
 * socket, on a virtual clock. `advance` moves time and waits for the server's replies.
 */
export async function startRig(options: {
  device?: string;
  firmware: string;
  settings?: DeviceSettings;
  server?: Omit<UpdateServerOptions, 'data'>;
}) {
  const server = await startUpdateServer({ data: projectData(), ...options.server });
  const clock = new VirtualClock();
  const actor = createPhone({ profile: profile(options.device ?? 'polycom-vvx-601'), firmware: options.firmware, clock, settings: options.settings });
  const link = linkPhone(actor, { url: server.url, clock });
  actor.start();
  const rig = {
    server,
    clock,
    actor,
    link,
    advance: (ms: number) => clock.advance(ms, () => link.whenSettled()),
    screen: () => screenText(renderScreen(actor.getSnapshot())),
    softkey: async (label: string) => {
      const found = renderScreen(actor.getSnapshot()).softkeys.find((key) => key.label === label);
      if (!found) throw new Error(`no softkey "${label}" on screen:\n${rig.screen()}`);
      actor.send({ type: 'softkey.press', id: found.id });
      await link.whenSettled();
    },
    close: async () => {
      link.close();
      actor.stop();
      await server.close();
    },
  };
  return rig;
}
