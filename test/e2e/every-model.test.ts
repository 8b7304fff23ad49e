import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locales } from '../../src/core/messages/index.js';
import { renderScreen, screenText } from '../../src/core/screen.js';
import { startPhoneSession } from '../../src/phone/phone-session.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { buildsOf, eventsToFirmware } from '../helpers/booted-phone.js';
import { projectData } from '../helpers/data.js';

let server: UpdateServer;
beforeAll(async () => {
  server = await startUpdateServer({ data: projectData() });
});
afterAll(() => server.close());

describe('every listed model boots against a real server and shows its firmware along its vendor path', () => {
  for (const profile of projectData().profiles.values()) {
    for (const locale of locales) {
      it(`${profile.id} (${locale})`, async () => {
        const running = buildsOf(profile).at(-2)!; // what `phone-emu phone` and `npm start` boot
        const session = startPhoneSession({ profile, firmware: running, serverUrl: server.url, locale });
        try {
          await session.jump(profile.timings.bootMs + 5_000);
          expect(server.devices().find((device) => device.mac === session.actor.getSnapshot().context.identity.mac && device.connected))
            .toMatchObject({ model: profile.id, firmware: running });
          // The newer build is offered; Polycom's pop-up is dismissed the way a user would.
          const screen = () => screenText(renderScreen(session.actor.getSnapshot()));
          expect(session.actor.getSnapshot().context.update.offer?.version).toBe(buildsOf(profile).at(-1));
          if (renderScreen(session.actor.getSnapshot()).softkeys.some((key) => key.id === 'postpone')) {
            session.actor.send({ type: 'softkey.press', id: 'postpone' });
          }
          for (const event of eventsToFirmware(profile)) session.actor.send(event);
          expect(screen()).toContain(running);
        } finally {
          session.close();
        }
      });
    }
  }
});
