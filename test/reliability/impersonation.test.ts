import { describe, expect, it, vi } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { accountLockout } from '../../src/server/identity/sign-in-lockout.js';
import { reportFigure } from '../helpers/report.js';
import { startRig } from '../helpers/rig.js';
import { serversClosedAfterEach } from '../helpers/servers.js';
import { createPin, signInWith } from '../helpers/sign-in.js';
import { rawClient } from '../helpers/ws-client.js';

/**
 * Issue 13 items 3 and 4 as figures (docs/reliability.md): rogue sockets that claim a connected
 * phone's MAC or its PC port, and a guesser at one account's PIN. Real sockets, a real server.
 */
const rogues = Number(process.env['PHONE_EMU_ROGUES'] ?? 50);
const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', extension: '4321', pin: '13579' };
const server = serversClosedAfterEach();

describe('impersonation and guessing, as figures', () => {
  it(`refuses ${rogues} impostor hellos and ${rogues} rogue PCs; the locked phone stays locked and unpaired`, { timeout: 120_000 }, async () => {
    const rig = await startRig({ firmware: '5.9.5.0614', tenant: { users: [{ ...amos, licenses: ['PhoneSystem', 'CallingPlan'] }] } });
    try {
      await rig.advance(60_000);
      await signInWith(rig, 'userId', amos);
      await createPin(rig, '123456');
      await rig.key('Lock');
      await vi.waitFor(() => expect(rig.lockPhase()).toBe('locked'));
      let hellosRefused = 0;
      let pcsRefused = 0;
      for (let index = 0; index < rogues; index += 1) {
        const impostor = await rawClient(rig.server.url);
        impostor.send({ v: 1, type: 'hello', device: { model: 'polycom-vvx-601', mac: rig.identity.mac, serial: 'ROGUE', firmware: '5.9.5.0614' } });
        if ((await impostor.next())['code'] === 'duplicate-mac') hellosRefused += 1;
        impostor.close();
        const pc = await rawClient(rig.server.url);
        // Half without a key, half with a made-up one; each then tries to pair and unlock.
        const pcPort = index % 2 === 0 ? undefined : `guessed-key-${index}-padding-padding`;
        pc.send({ v: 1, type: 'pc.hello', os: 'windows', phone: rig.identity.mac, ...(pcPort ? { pcPort } : {}) });
        if ((await pc.next())['type'] === 'error') pcsRefused += 1;
        pc.send({ v: 1, type: 'pc.pair' });
        pc.send({ v: 1, type: 'pc.lock', locked: false });
        pc.close();
      }
      await rig.advance(1_000);
      expect(hellosRefused).toBe(rogues);
      expect(pcsRefused).toBe(rogues);
      expect(rig.lockPhase()).toBe('locked');
      expect(rig.context().pairing.paired).toBe(false);
      expect(rig.record()).toMatchObject({ connected: true, user: amos.upn });
      reportFigure(`impersonation: ${hellosRefused}/${rogues} impostor hellos refused, ${pcsRefused}/${rogues} rogue PCs refused; the locked phone stayed locked and unpaired`);
    } finally {
      await rig.close();
    }
  });

  it('locks an account after a bounded number of wrong PINs from one socket', { timeout: 120_000 }, async () => {
    const running = await server({
      tenant: tenantSchema.parse({ deployment: { sfb: 'onprem' }, users: [{ ...amos, licenses: ['PhoneSystem'] }] }),
    });
    const guesser = await rawClient(running.url);
    try {
      guesser.send({ v: 1, type: 'hello', device: { model: 'polycom-vvx-601', mac: '00:04:F2:00:20:01', serial: '0004F2002001', firmware: '5.9.5.0614' } });
      expect(await guesser.next()).toMatchObject({ type: 'welcome' });
      let guesses = 0;
      for (let pin = 0; pin < 100_000; pin += 1) {
        guesser.send({ v: 1, type: 'signIn.request', credentials: { method: 'pin', extension: amos.extension, pin: String(100_000 + pin) } });
        const reply = await guesser.next();
        if (reply['reason'] === 'lockedOut') break;
        guesses += 1;
      }
      expect(guesses).toBe(accountLockout.threshold);
      reportFigure(`brute force: extension ${amos.extension} locked out after ${guesses} wrong PINs (before: 24,690 guesses found it)`);
    } finally {
      guesser.close();
    }
  });
});
