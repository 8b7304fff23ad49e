import { createActor } from 'xstate';
import type { KeyName } from '../../src/core/device-profile.js';
import { defaultPolicy, type PhonePolicy } from '../../src/core/policies.js';
import { defaultServerSettings, type PhoneEvent, type SoftkeyId } from '../../src/core/phone-types.js';
import { renderScreen, screenText } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import type { SignedInUser } from '../../src/core/identity/identity-types.js';
import { phoneMachine } from '../../src/core/phone-machine.js';
import { profile } from './data.js';
import { lockPhase } from './lock-phase.js';

/**
 * A booted phone on a virtual clock with no server: the test plays the server's part by
 * sending its events, and reads what the phone emits.
 */
export function bootedPhone(options: { device?: string; policy?: Partial<PhonePolicy>; settings?: Record<string, number> } = {}) {
  const device = profile(options.device ?? 'polycom-vvx-601');
  const clock = new VirtualClock();
  const actor = createActor(phoneMachine, {
    clock,
    input: {
      profile: device,
      firmware: '5.9.5.0614',
      identity: { mac: '00:04:F2:00:00:01', serial: '0004F2000001' },
      settings: options.settings,
    },
  });
  const emitted: { type: string; [key: string]: unknown }[] = [];
  actor.on('*', (event) => emitted.push(event as never));
  actor.start();
  clock.advanceBy(device.timings.bootMs);
  actor.send({ type: 'server.connected', settings: defaultServerSettings, policy: { ...defaultPolicy, ...options.policy } });
  actor.send({ type: 'server.noUpdate' });
  const phone = {
    clock,
    actor,
    emitted,
    profile: device,
    send: (event: PhoneEvent) => actor.send(event),
    screen: () => screenText(renderScreen(actor.getSnapshot())),
    /** The screen as one line: messages wrap at the display's width. */
    text: () => screenText(renderScreen(actor.getSnapshot())).replace(/\s+/g, ' '),
    key: (...keys: KeyName[]) => keys.forEach((key) => actor.send({ type: 'key.press', key })),
    keys: (digits: string) => [...digits].forEach((key) => actor.send({ type: 'key.press', key: key as KeyName })),
    type: (text: string) => actor.send({ type: 'text.input', text }),
    /** Presses the softkey with this label, failing when the screen does not show it. */
    softkey: (label: string) => {
      const found = renderScreen(actor.getSnapshot()).softkeys.find((key) => key.label === label);
      if (!found) throw new Error(`no softkey "${label}" on screen:\n${phone.screen()}`);
      actor.send({ type: 'softkey.press', id: found.id });
    },
    softkeyIds: (): SoftkeyId[] => renderScreen(actor.getSnapshot()).softkeys.map((key) => key.id),
    lastEmitted: (type: string) => emitted.filter((event) => event.type === type).at(-1),
    context: () => actor.getSnapshot().context,
    lockPhase: () => lockPhase(actor.getSnapshot()),
    /** Plays the service accepting a sign-in. */
    signedIn: (user: Partial<SignedInUser> = {}) =>
      actor.send({
        type: 'server.signedIn',
        token: 'token-1',
        user: { upn: 'amosm@contoso.com', displayName: 'amosm@contoso.com', method: 'userId', exchange: true, ...user },
      }),
    /** Creates the Phone-Lock PIN on the creation screen, both entries. */
    createPin: (pin: string) => {
      phone.keys(pin);
      phone.key('Select');
      phone.keys(pin);
      phone.key('Select');
    },
  };
  return phone;
}
