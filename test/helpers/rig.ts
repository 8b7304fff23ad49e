import { renderScreen, screenText } from '../../src/core/screen.js';
import type { PolicyName } from '../../src/core/policies.js';
import { tenantSchema } from '../../src/core/tenant.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import type { DeviceSettings, KeyName } from '../../src/core/device-profile.js';
import type { Locale } from '../../src/core/messages/index.js';
import { assemblePhone } from '../../src/phone/assemble-phone.js';
import { identityFor } from '../../src/phone/create-phone.js';
import type { PhoneLink } from '../../src/phone/phone-link.js';
import type { PhoneActor } from '../../src/phone/create-phone.js';
import { startUpdateServer, type UpdateServerOptions } from '../../src/server/update-server.js';
import { projectData, profile } from './data.js';
import { lockPhase } from './lock-phase.js';

export interface RigPhoneOptions {
  device?: string;
  firmware: string;
  settings?: DeviceSettings;
  /** The phone's language (en-US when absent). */
  locale?: Locale;
}

/**
 * A real update server on 127.0.0.1 (port 0) and phones linked to it over real sockets,
 * all on one virtual clock, which the server shares. `advance` moves time and waits for
 * every phone's replies. The first phone's parts are on the rig itself (rig.actor, rig.screen...).
 */
export async function startRig(
  options: RigPhoneOptions & {
    server?: Omit<UpdateServerOptions, 'data'>;
    /** The tenant as a scenario writes it: users, deployment. */
    tenant?: unknown;
    /** Policies at start, cmdlet names, delivered in-band. */
    policy?: Partial<Record<PolicyName, string | number | boolean>>;
  },
) {
  const clock = new VirtualClock();
  const server = await startUpdateServer({
    data: projectData(),
    clock,
    tenant: tenantSchema.parse(options.tenant ?? {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...options.server,
  });
  const phones: ReturnType<typeof makePhone>[] = [];

  function makePhone(phone: RigPhoneOptions) {
    const phoneProfile = profile(phone.device ?? 'polycom-vvx-601');
    const identity = identityFor(phoneProfile, phones.length + 1);
    // Assembled as the CLI assembles a phone: with its model's provisioning data, it reads the server the network names.
    const assembled = assemblePhone({
      profile: phoneProfile,
      firmware: phone.firmware,
      serverUrl: server.url,
      clock,
      settings: phone.settings,
      identity,
      ...(phone.locale ? { locale: phone.locale } : {}),
      provisioningData: projectData().provisioning.get(phoneProfile.id),
      start: false,
    });
    const { actor, link } = assembled;
    return {
      identity,
      assembled,
      ...driverFor(actor, link),
      record: () => server.devices().find((device) => device.mac === identity.mac),
    };
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
      for (const phone of phones) phone.assembled.close();
      await server.close();
    },
  };
}

export type Rig = Awaited<ReturnType<typeof startRig>>;

/** Drives a linked phone as a person would: softkeys by label, numbered rows, keys, text; each waits for the server. */
export function driverFor(actor: PhoneActor, link: PhoneLink) {
  const columns = actor.getSnapshot().context.profile.display.columns;
  const handle = {
    actor,
    link,
    context: () => actor.getSnapshot().context,
    lockPhase: () => lockPhase(actor.getSnapshot()),
    screen: () => screenText(renderScreen(actor.getSnapshot())),
    /** The screen as one line: messages wrap at the display's width. */
    text: () => handle.screen().replace(/\s+/g, ' '),
    softkey: async (label: string) => {
      const found = renderScreen(actor.getSnapshot()).softkeys.find((key) => key.label === label);
      if (!found) throw new Error(`no softkey "${label}" on screen:\n${handle.screen()}`);
      actor.send({ type: 'softkey.press', id: found.id });
      await link.whenSettled();
    },
    /** Picks the numbered row with this label ("3. Web Sign-in"), as a person pressing its digit. */
    choose: async (label: string) => {
      // A long label is clipped at the display's width, as the phone draws it.
      const find = () =>
        renderScreen(actor.getSnapshot()).lines.find((line) => /^\d+\. /.test(line) && `${line.split('.')[0]}. ${label}`.slice(0, columns) === line);
      // A short screen shows a few rows at a time: scroll down to the row, as a person would.
      for (let scrolled = 0; !find() && scrolled < 10; scrolled += 1) actor.send({ type: 'key.press', key: 'Down' });
      const row = find();
      if (!row) throw new Error(`no row "${label}" on screen:\n${handle.screen()}`);
      actor.send({ type: 'key.press', key: row.split('.')[0] as KeyName });
      await link.whenSettled();
    },
    keys: async (keys: string) => {
      for (const key of keys) actor.send({ type: 'key.press', key: key as KeyName });
      await link.whenSettled();
    },
    key: async (key: KeyName) => {
      actor.send({ type: 'key.press', key });
      await link.whenSettled();
    },
    type: async (text: string) => {
      actor.send({ type: 'text.input', text });
      await link.whenSettled();
    },
  };
  return handle;
}

export type PhoneDriver = ReturnType<typeof driverFor>;
