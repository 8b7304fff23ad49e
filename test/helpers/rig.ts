import { renderScreen, screenText } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import type { DeviceSettings } from '../../src/core/device-profile.js';
import { createPhone, identityFor } from '../../src/phone/create-phone.js';
import { linkPhone } from '../../src/phone/phone-link.js';
import { startUpdateServer, type UpdateServerOptions } from '../../src/server/update-server.js';
import { projectData, profile } from './data.js';

export interface RigPhoneOptions {
  device?: string;
  firmware: string;
  settings?: DeviceSettings;
}

/**
 * A real update server on 127.0.0.1 (port 0) and phones linked to it over real sockets,
 * all on one virtual clock. `advance` moves time and waits for every phone's replies.
 * The first phone's parts are on the rig itself (rig.actor, rig.screen...).
 */
export async function startRig(options: RigPhoneOptions & { server?: Omit<UpdateServerOptions, 'data'> }) {
  const server = await startUpdateServer({ data: projectData(), ...options.server });
  const clock = new VirtualClock();
  const phones: ReturnType<typeof makePhone>[] = [];

  function makePhone(phone: RigPhoneOptions) {
    const phoneProfile = profile(phone.device ?? 'polycom-vvx-601');
    const identity = identityFor(phoneProfile, phones.length + 1);
    const actor = createPhone({ profile: phoneProfile, firmware: phone.firmware, clock, settings: phone.settings, identity });
    const link = linkPhone(actor, { url: server.url, clock });
    const handle = {
      identity,
      actor,
      link,
      context: () => actor.getSnapshot().context,
      screen: () => screenText(renderScreen(actor.getSnapshot())),
      softkey: async (label: string) => {
        const found = renderScreen(actor.getSnapshot()).softkeys.find((key) => key.label === label);
        if (!found) throw new Error(`no softkey "${label}" on screen:\n${handle.screen()}`);
        actor.send({ type: 'softkey.press', id: found.id });
        await link.whenSettled();
      },
      record: () => server.devices().find((device) => device.mac === identity.mac),
    };
    return handle;
  }

  const addPhone = (phone: RigPhoneOptions) => {
    const handle = makePhone(phone);
    phones.push(handle);
    handle.actor.start();
    return handle;
  };
  const first = addPhone(options);
  const settled = async () => {
    await Promise.all(phones.map((phone) => phone.link.whenSettled()));
  };

  return {
    ...first,
    server,
    clock,
    addPhone,
    advance: (ms: number) => clock.advance(ms, settled),
    close: async () => {
      for (const phone of phones) {
        phone.link.close();
        phone.actor.stop();
      }
      await server.close();
    },
  };
}

export type Rig = Awaited<ReturnType<typeof startRig>>;
