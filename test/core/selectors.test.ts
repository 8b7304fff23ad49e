import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/core/policies.js';
import * as select from '../../src/core/selectors.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { phoneMachine } from '../../src/core/phone-machine.js';
import { bootedPhone } from '../helpers/phone.js';
import { profile } from '../helpers/data.js';

const offer = { version: '6.1.0.6189', url: 'http://x/', sha256: 'a'.repeat(64), sizeBytes: 1 };

describe('selectors: what the outside reads of a phone', () => {
  it('reads power and connection: booting and offline, then running and online', () => {
    const device = profile('polycom-vvx-601');
    const actor = createActor(phoneMachine, {
      clock: new VirtualClock(),
      input: { profile: device, firmware: '5.9.5.0614', identity: { mac: '00:04:F2:00:00:09', serial: '0004F2000009' } },
    }).start();
    expect(select.powerPhase(actor.getSnapshot())).toBe('booting');
    expect(select.isRunning(actor.getSnapshot())).toBe(false);
    expect(select.isOnline(actor.getSnapshot())).toBe(false);
    expect(select.lockScreen(actor.getSnapshot())).toBe('off');
    expect(select.updatePhase(actor.getSnapshot())).toBeUndefined();
    expect(select.identity(actor.getSnapshot())).toEqual({ mac: '00:04:F2:00:00:09', serial: '0004F2000009' });
    actor.stop();

    const phone = bootedPhone();
    const now = phone.actor.getSnapshot();
    expect(select.powerPhase(now)).toBe('running');
    expect(select.isRunning(now)).toBe(true);
    expect(select.isOnline(now)).toBe(true);
    expect(select.firmware(now)).toBe('5.9.5.0614');
    expect(select.deviceProfile(now).id).toBe('polycom-vvx-601');
    expect(select.locale(now)).toBe('en-US');
    expect(select.policy(now)).toEqual(defaultPolicy);
    phone.send({ type: 'server.disconnected' });
    expect(select.isOnline(phone.actor.getSnapshot())).toBe(false);
  });

  it('follows the lock screen through sign-in: off, creating (then confirming), unlocked, locked', () => {
    const phone = bootedPhone();
    const now = () => phone.actor.getSnapshot();
    expect(select.lockScreen(now())).toBe('off');
    expect(select.signedInUser(now())).toBeNull();
    expect(select.signInMethods(now())).toEqual(['userId', 'pc', 'web']);
    phone.signedIn();
    expect(select.signedInUser(now())?.upn).toBe('amosm@contoso.com');
    expect(select.sessionToken(now())).toBe('token-1');
    expect(select.lockScreen(now())).toBe('creating');
    expect(select.isConfirmingPin(now())).toBe(false);
    phone.keys('123456');
    phone.key('Select');
    expect(select.isConfirmingPin(now())).toBe(true);
    phone.keys('123456');
    phone.key('Select');
    expect(select.lockScreen(now())).toBe('unlocked');
    expect(select.isLocked(now())).toBe(false);
    phone.key('Lock');
    expect(select.lockScreen(now())).toBe('locked');
    expect(select.isLocked(now())).toBe(true);
  });

  it('reads a refused sign-in and the web sign-in code, shown and then expired', () => {
    const phone = bootedPhone();
    const now = () => phone.actor.getSnapshot();
    phone.softkey('Sign In');
    phone.key('3');
    expect(select.signedOutStep(now())[0]).toBe('web');
    phone.send({ type: 'server.webCode', code: { code: 'ABCD-EFGH', url: 'http://127.0.0.1:1/signin', expiresInMs: 60_000 } });
    expect(select.showsWebCode(now())).toBe(true);
    expect(select.webCode(now())?.code).toBe('ABCD-EFGH');
    expect(select.signedOutStep(now())).toEqual(['web', 'showing']);
    phone.clock.advanceBy(60_000);
    expect(select.showsWebCode(now())).toBe(false);
    expect(select.signedOutStep(now())).toEqual(['web', 'expired']);
    expect(select.webCode(now())?.code).toBe('ABCD-EFGH'); // kept: a browser may still type it

    const refused = bootedPhone();
    refused.softkey('Sign In');
    refused.key('1');
    refused.type('amosm@contoso.com');
    refused.key('Select');
    refused.type('wrong');
    refused.key('Select');
    refused.send({ type: 'server.signInRefused', reason: 'badCredentials' });
    expect(select.signInError(refused.actor.getSnapshot())).toMatch(/^signIn\./);
    expect(select.signedInUser(refused.actor.getSnapshot())).toBeNull();
  });

  it('reads a call as a person sees it: the dialer, then dialing, then connected', () => {
    const phone = bootedPhone();
    const now = () => phone.actor.getSnapshot();
    phone.signedIn();
    phone.createPin('123456');
    expect(select.callState(now())).toBe('idle');
    expect(select.dialer(now())).toBeNull();
    phone.key('Hook');
    phone.keys('5551234');
    expect(select.dialer(now())).toBe('5551234');
    phone.softkey('Dial');
    expect(select.callState(now())).toBe('dialing');
    phone.send({ type: 'server.callPlaced', call: { id: 'c1', party: '5551234', direction: 'outgoing', answerAfterMs: 1_000 } });
    expect(select.currentCall(now())?.id).toBe('c1');
    expect(select.callState(now())).toBe('dialing');
    phone.clock.advanceBy(1_000);
    expect(select.callState(now())).toBe('connected');
  });

  it('reads a refused call as its notice, and a Manual pairing code', () => {
    const phone = bootedPhone({ policy: { BetterTogetherOverEthernetPairingMode: 'Manual' } });
    const now = () => phone.actor.getSnapshot();
    phone.signedIn();
    phone.createPin('123456');
    phone.key('Hook');
    phone.keys('5551234');
    phone.softkey('Dial');
    phone.send({ type: 'server.callRefused', party: '5551234', reason: 'noCallingPlan' });
    expect(select.noticeKey(now())).toMatch(/^call\.refused/);
    expect(select.isPaired(now())).toBe(false);
    phone.send({ type: 'pairing.requested', os: 'windows', code: 'gNCYoV19' });
    expect(select.pairingCode(now())).toBe('gNCYoV19');
    phone.send({ type: 'pairing.codeEntered', code: 'gNCYoV19' });
    expect(select.isPaired(now())).toBe(true);
  });

  it('reads the update phase and the provisioning target', () => {
    const phone = bootedPhone();
    const now = () => phone.actor.getSnapshot();
    expect(select.updatePhase(now())).toBe('idle');
    expect(select.provisioningTarget(now())).toBeNull();
    phone.send({ type: 'server.updateOffered', offer });
    expect(select.updatePhase(now())).toBe('offered');
    expect(select.warnings(now())).toEqual([]);
  });
});
