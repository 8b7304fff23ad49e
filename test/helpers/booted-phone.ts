import { createActor } from 'xstate';
import { certifiedBuildsFor } from '../../src/core/catalog.js';
import type { DeviceProfile, DeviceSettings } from '../../src/core/device-profile.js';
import { hashPin } from '../../src/core/identity/lock-pin.js';
import { nodeAt, itemsAt } from '../../src/core/menu.js';
import type { Locale } from '../../src/core/messages/index.js';
import { defaultServerSettings, type PhoneEvent, type ServerSettings } from '../../src/core/phone-types.js';
import { renderScreen, screenText } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { identityFor } from '../../src/phone/create-phone.js';
import { phoneMachine } from '../../src/core/phone-machine.js';
import { projectData } from './data.js';

/** The certified builds a model can run, oldest first. */
export function buildsOf(profile: DeviceProfile): string[] {
  return certifiedBuildsFor(projectData().families.get(profile.firmwareFamily)!, profile).map((build) => build.version);
}

export interface BootOptions {
  readonly firmware?: string;
  readonly locale?: Locale;
  readonly settings?: DeviceSettings;
  readonly deviceLockPin?: string;
  readonly server?: Partial<ServerSettings>;
}

/**
 * A phone of `profile` on a virtual clock with no server: booted, welcomed, told it is up
 * to date. The test plays the server's part by sending its events.
 */
export function bootedPhone(profile: DeviceProfile, options: BootOptions = {}) {
  const clock = new VirtualClock();
  const server = { ...defaultServerSettings, ...options.server };
  const actor = createActor(phoneMachine, {
    clock,
    input: {
      profile,
      firmware: options.firmware ?? buildsOf(profile).at(-1)!,
      identity: identityFor(profile, 1),
      locale: options.locale,
      settings: options.settings,
      deviceLockPin: options.deviceLockPin === undefined ? undefined : hashPin(options.deviceLockPin),
    },
  });
  const emitted: string[] = [];
  actor.on('*', (event) => emitted.push(event.type));
  actor.start();
  clock.advanceBy(profile.timings.bootMs);
  actor.send({ type: 'server.connected', settings: server });
  actor.send({ type: 'server.noUpdate' });
  const screen = () => screenText(renderScreen(actor.getSnapshot()));
  return { clock, actor, emitted, screen, server };
}

/**
 * What a person presses to reach the firmware version on this model: an idle softkey
 * that opens part of the path (Yealink's Status), or a menu key; then each item by its number.
 */
export function eventsToFirmware(profile: DeviceProfile): PhoneEvent[] {
  const path = profile.firmwarePath;
  const shortcut = profile.idleSoftkeys
    .filter((key) => key.opens.every((id, index) => path[index] === id))
    .sort((a, b) => b.opens.length - a.opens.length)[0];
  const opened = shortcut?.opens ?? [];
  const events: PhoneEvent[] = shortcut
    ? [{ type: 'softkey.press', id: `open.${shortcut.id}` }]
    : [{ type: 'key.press', key: profile.menuKeys[0]! }];
  for (let depth = opened.length; depth < path.length; depth += 1) {
    const index = itemsAt(profile.menu, path.slice(0, depth))!.findIndex((item) => item.id === path[depth]);
    events.push(...Array.from({ length: index }, () => ({ type: 'key.press', key: 'Down' }) as const), { type: 'key.press', key: 'Select' });
  }
  if (!nodeAt(profile.menu, path)) throw new Error(`${profile.id}: firmwarePath leads nowhere`);
  return events;
}
