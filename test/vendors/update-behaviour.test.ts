import { describe, expect, it } from 'vitest';
import type { DeviceProfile, KeyName } from '../../src/core/device-profile.js';
import { defaultPolicy } from '../../src/core/policies.js';
import { popUpSetting } from '../../src/core/phone-machine.js';
import type { FirmwareOffer } from '../../src/core/phone-types.js';
import { renderScreen } from '../../src/core/screen.js';
import { bootedPhone, buildsOf, eventsToFirmware } from '../helpers/booted-phone.js';
import { profile } from '../helpers/data.js';
import { lockPhase } from '../helpers/lock-phase.js';

const offerOf = (version: string): FirmwareOffer => ({ version, url: 'http://127.0.0.1/x.bin', sha256: 'a'.repeat(64), sizeBytes: 2_000_000 });
const server = { downloadBytesPerSecond: 1_000_000 };
const minutes = (n: number) => n * 60_000;

/** Lets a download finish and verify, then the install and reboot run their course. */
function finishUpdate(phone: ReturnType<typeof bootedPhone>, model: DeviceProfile) {
  phone.clock.advanceBy(2_000);
  phone.actor.send({ type: 'download.verified' });
  phone.clock.advanceBy(model.timings.installMs + model.timings.rebootMs + model.timings.bootMs);
  phone.actor.send({ type: 'server.connected', settings: phone.server });
  phone.actor.send({ type: 'server.noUpdate' });
}

describe('Yealink, AudioCodes and LPE notify, then install once the phone is idle', () => {
  for (const id of ['yealink-t46s', 'audiocodes-430hd', 'lpe-6725ip']) {
    const model = profile(id);
    const [older, newer] = buildsOf(model).slice(-2) as [string, string];

    it(`${id}: shows the notice without Update / Postpone, and installs after the inactivity period`, () => {
      const phone = bootedPhone(model, { firmware: older, server });
      phone.actor.send({ type: 'server.updateOffered', offer: offerOf(newer) });
      expect(phone.screen()).toContain(`Update ${newer} available`);
      expect(phone.screen()).toMatch(/It installs when the phone is\s+idle/);
      expect(renderScreen(phone.actor.getSnapshot()).softkeys.map((key) => key.id)).not.toContain('update');
      phone.clock.advanceBy(phone.server.updateInactivityMs - 1);
      expect(phone.emitted).not.toContain('download.requested');
      phone.clock.advanceBy(1);
      expect(phone.emitted).toContain('download.requested');
      finishUpdate(phone, model);
      for (const event of eventsToFirmware(model)) phone.actor.send(event);
      expect(phone.screen()).toContain(newer);
    });

    it(`${id}: never installs while the user keeps using the phone`, () => {
      const phone = bootedPhone(model, { firmware: older, server });
      phone.actor.send({ type: 'server.updateOffered', offer: offerOf(newer) });
      for (let hour = 0; hour < 6; hour += 1) {
        phone.clock.advanceBy(minutes(50));
        phone.actor.send({ type: 'key.press', key: 'Down' });
      }
      expect(phone.emitted).not.toContain('download.requested');
      expect(phone.actor.getSnapshot().context.firmware).toBe(older);
    });
  }
});

describe('Polycom: Update / Postpone from 5.5.1, by lync.deviceUpdate.popUpSK.enabled', () => {
  const vvx = profile('polycom-vvx-501');

  it('pops up Update / Postpone on 5.5.1 and later (the default there is 1)', () => {
    const phone = bootedPhone(vvx, { firmware: '5.5.1.11526' });
    phone.actor.send({ type: 'server.updateOffered', offer: offerOf('5.9.5.0614') });
    expect(phone.screen()).toMatch(/Update +Postpone$/);
  });

  it('only notifies on 5.4, where the parameter defaults to 0, and installs once idle', () => {
    const phone = bootedPhone(vvx, { firmware: '5.4.0.10165' });
    phone.actor.send({ type: 'server.updateOffered', offer: offerOf('5.9.5.0614') });
    expect(phone.screen()).not.toMatch(/Postpone/);
    expect(phone.screen()).toContain('Update 5.9.5.0614 available');
    phone.clock.advanceBy(phone.server.updateInactivityMs);
    expect(phone.emitted).toContain('download.requested');
  });

  it('pops up on 5.4 too when the administrator sets the parameter to 1, as the guide advises', () => {
    const phone = bootedPhone(vvx, { firmware: '5.4.0.10165', settings: { [popUpSetting]: 1 } });
    phone.actor.send({ type: 'server.updateOffered', offer: offerOf('5.5.1.11526') });
    expect(phone.screen()).toMatch(/Update +Postpone$/);
  });
});

describe('Polycom Device-Lock before 5.5.1, lost on the upgrade to Phone-Lock', () => {
  const vvx = profile('polycom-vvx-601');
  const keys = (phone: ReturnType<typeof bootedPhone>, text: string) => {
    for (const key of text) phone.actor.send({ type: 'key.press', key: key as KeyName });
  };
  const enterPin = (phone: ReturnType<typeof bootedPhone>, pin: string) => {
    keys(phone, pin);
    phone.actor.send({ type: 'key.press', key: 'Select' });
  };

  /** A signed-in phone on `from` whose user created `pin` (entered twice) on the screen after sign-in. */
  function signedInWithPin(from: string, pin: string | undefined, locale?: 'en-US' | 'fr-FR') {
    const phone = bootedPhone(vvx, { firmware: from, locale, server });
    const user = { upn: 'amosm@contoso.com', displayName: 'Amos Marble', method: 'userId' as const, exchange: true };
    phone.actor.send({ type: 'server.signedIn', user, token: 'token-1' });
    if (pin === undefined) phone.actor.send({ type: 'server.policyChanged', policy: { ...defaultPolicy, EnforcePhoneLock: false } });
    else {
      enterPin(phone, pin);
      enterPin(phone, pin);
    }
    return phone;
  }

  function upgrade(phone: ReturnType<typeof bootedPhone>, to: string) {
    phone.actor.send({ type: 'server.updateOffered', offer: offerOf(to) });
    phone.clock.advanceBy(phone.server.updateInactivityMs); // 5.4 installs when idle
    phone.actor.send({ type: 'softkey.press', id: 'update' }); // 5.5.1+ pops up: accept
    finishUpdate(phone, vvx);
    // The link resumes the session after the reboot.
    phone.actor.send({ type: 'server.signedIn', user: phone.actor.getSnapshot().context.account.user!, token: 'token-2' });
    return phone;
  }

  it('on 5.4, the PIN created after sign-in is the Device-Lock, kept hashed, and locks and unlocks the phone', () => {
    const phone = signedInWithPin('5.4.0.10165', '246802');
    const { context } = phone.actor.getSnapshot();
    expect(context.deviceLockPin).toMatch(/^scrypt\$/);
    expect(context.lock.pinHash).toBeNull();
    phone.actor.send({ type: 'key.press', key: 'Lock' });
    expect(phone.screen()).toMatch(/^Device Locked\n/);
    enterPin(phone, '135791');
    expect(lockPhase(phone.actor.getSnapshot())).toBe('locked');
    enterPin(phone, '246802');
    expect(lockPhase(phone.actor.getSnapshot())).toBe('unlocked');
  });

  it('comes back from 5.4 on 5.5.1 unlocked, with no PIN, and warns that the phone is unprotected', () => {
    const phone = upgrade(signedInWithPin('5.4.0.10165', '246802'), '5.5.1.11526');
    const { context } = phone.actor.getSnapshot();
    expect(context.firmware).toBe('5.5.1.11526');
    expect(context).toMatchObject({ deviceLockPin: null, lock: { pinHash: null } });
    expect(lockPhase(phone.actor.getSnapshot())).toBe('unlocked');
    expect(context.warnings).toEqual([
      { id: 'phoneUnprotected', message: { key: 'warning.phoneUnprotected', params: { version: '5.5.1.11526' } } },
    ]);
    expect(phone.screen()).toMatch(/Phone unprotected: the Device-Lock PIN\s+was not kept/);
    expect(renderScreen(phone.actor.getSnapshot()).status.warnings).toEqual([
      'Phone unprotected: the Device-Lock PIN was not kept by the upgrade to 5.5.1.11526.',
    ]);
    // Nothing locks it: not an hour idle.
    phone.clock.advanceBy(minutes(60));
    expect(lockPhase(phone.actor.getSnapshot())).toBe('unlocked');
  });

  it('is protected again once the user presses Lock and creates a Phone-Lock PIN', () => {
    const phone = upgrade(signedInWithPin('5.4.0.10165', '246802'), '5.9.5.0614');
    phone.actor.send({ type: 'key.press', key: 'Lock' });
    expect(phone.screen()).toMatch(/^Phone Lock\nCreate a PIN/);
    enterPin(phone, '864200');
    enterPin(phone, '864200');
    const { context } = phone.actor.getSnapshot();
    expect(context.warnings).toEqual([]);
    expect(context.lock.pinHash).toMatch(/^scrypt\$/);
    phone.clock.advanceBy(minutes(10));
    expect(lockPhase(phone.actor.getSnapshot())).toBe('locked');
    enterPin(phone, '246802'); // the old Device-Lock PIN is gone
    expect(lockPhase(phone.actor.getSnapshot())).toBe('locked');
  });

  it('says so in French too', () => {
    const phone = upgrade(signedInWithPin('5.4.0.10165', '246802', 'fr-FR'), '5.9.5.0614');
    expect(renderScreen(phone.actor.getSnapshot()).status.warnings[0]).toMatch(/^Téléphone non protégé/);
  });

  it('raises nothing when no Device-Lock PIN was set, and a Phone-Lock PIN survives later upgrades', () => {
    expect(upgrade(signedInWithPin('5.4.0.10165', undefined), '5.5.1.11526').actor.getSnapshot().context.warnings).toEqual([]);
    const later = upgrade(signedInWithPin('5.5.1.11526', '246802'), '5.9.5.0614');
    expect(later.actor.getSnapshot().context).toMatchObject({ firmware: '5.9.5.0614', warnings: [] });
    expect(lockPhase(later.actor.getSnapshot())).toBe('locked');
  });

  it('never shows the Device-Lock PIN', () => {
    const phone = signedInWithPin('5.4.0.10165', '246802');
    const seen = [phone.screen()];
    phone.actor.send({ type: 'key.press', key: 'Lock' });
    seen.push(phone.screen());
    for (const event of eventsToFirmware(vvx)) {
      phone.actor.send(event);
      seen.push(phone.screen());
    }
    expect(seen.join('\n')).not.toContain('246802');
  });
});
