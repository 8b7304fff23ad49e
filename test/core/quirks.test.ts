import { describe, expect, it } from 'vitest';
import { firmwareTraits } from '../../src/core/quirks.js';
import { bootedPhone } from '../helpers/booted-phone.js';
import { profile } from '../helpers/data.js';

describe('firmware quirks, resolved from profile data', () => {
  const vvx = profile('polycom-vvx-601');

  it('gives a Polycom before 5.5.1 its Device-Lock and no Update / Postpone pop-up by default', () => {
    expect(firmwareTraits(vvx, '5.4.0.10165')).toEqual({ deviceLock: true, popUpDefault: 0 });
    expect(firmwareTraits(vvx, '5.4.0A')).toEqual({ deviceLock: true, popUpDefault: 0 });
    expect(firmwareTraits(vvx, '5.5.1.11526')).toEqual({ deviceLock: false, popUpDefault: 1 });
    expect(firmwareTraits(vvx, '5.10.0.1')).toEqual({ deviceLock: false, popUpDefault: 1 });
  });

  it('gives other vendors neither', () => {
    expect(firmwareTraits(profile('yealink-t48g'), '35.7.0.26')).toEqual({ deviceLock: false, popUpDefault: 1 });
    expect(firmwareTraits(profile('lpe-cx600'), '4.0.7577.4444')).toEqual({ deviceLock: false, popUpDefault: 1 });
  });
});

describe('firmware traits held in the phone', () => {
  const vvx = profile('polycom-vvx-601');

  it('resolves each build once: phones on the same build share one frozen answer, so a fleet phone carries a pointer', () => {
    const first = bootedPhone(vvx, { firmware: '5.4.0.10165' }).actor.getSnapshot().context.traits;
    const second = bootedPhone(vvx, { firmware: '5.4.0.10165' }).actor.getSnapshot().context.traits;
    expect(first).toEqual({ deviceLock: true, popUpDefault: 0 });
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(firmwareTraits(vvx, '5.4.0.10165')).toBe(first);
  });

  it('follows the firmware an install applies: a 5.4 phone upgraded to 5.5.1 shows the pop-up and uses Phone-Lock', () => {
    const phone = bootedPhone(vvx, { firmware: '5.4.0.10165' });
    const to = '5.5.1.11526';
    phone.actor.send({ type: 'server.updateOffered', offer: { version: to, url: 'http://127.0.0.1/fw', sha256: 'x', sizeBytes: 1_000 } });
    phone.clock.advanceBy(phone.server.updateInactivityMs); // 5.4 notifies, then installs when idle
    phone.clock.advanceBy(2_000);
    phone.actor.send({ type: 'download.verified' });
    phone.clock.advanceBy(vvx.timings.installMs + vvx.timings.rebootMs + vvx.timings.bootMs);
    const { context } = phone.actor.getSnapshot();
    expect(context.firmware).toBe(to);
    expect(context.traits).toBe(firmwareTraits(vvx, to));
    expect(context.traits).toEqual({ deviceLock: false, popUpDefault: 1 });
  });
});
