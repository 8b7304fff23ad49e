import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/core/policies.js';
import { renderScreen } from '../../src/core/screen.js';
import { bootedPhone } from '../helpers/phone.js';

describe('sign-in on the phone (VVX 601, played without a server)', () => {
  it('offers the profile methods for Online, and types user name and password into the User ID form', () => {
    const phone = bootedPhone();
    expect(phone.screen()).toMatch(/Not signed in/);
    phone.softkey('Sign In');
    expect(phone.screen()).toMatch(/^Sign In\n1\. User ID\n2\. Via PC\n3\. Web Sign-in/);
    phone.key('1');
    phone.type('amosm@contoso.com');
    phone.key('Down');
    phone.type('Pa55w.rd');
    expect(phone.screen()).toContain('  User name: amosm@contoso.com');
    expect(phone.screen()).toContain('> Password: ••••••••');
    expect(phone.screen()).not.toContain('Pa55w.rd');
    phone.softkey('Sign In');
    expect(phone.lastEmitted('signIn.requested')).toEqual({
      type: 'signIn.requested',
      request: { method: 'userId', user: 'amosm@contoso.com', password: 'Pa55w.rd' },
    });
    expect(phone.screen()).toMatch(/Authentication in progress/);
    phone.emitted.length = 0;
    phone.signedIn();
    expect(phone.emitted.map((event) => event.type)).toContain('update.checkRequested'); // a check at sign-in
  });

  it('lists the methods on the start screen when nobody is signed in: a digit picks one, not under a menu or a pop-up', () => {
    const phone = bootedPhone();
    expect(phone.screen()).toBe('Polycom VVX 601\nNot signed in\n1. User ID\n2. Via PC\n3. Web Sign-in\nSign In  SwUpdate');
    phone.key('Home', '3'); // the menu has the keys
    expect(phone.screen()).not.toMatch(/Web Sign-in/);
    phone.key('Home');
    phone.send({ type: 'server.updateOffered', offer: { version: '6.1.0.6189', url: 'http://x/', sha256: 'a'.repeat(64), sizeBytes: 1 } });
    phone.key('3'); // the Update / Postpone pop-up covers the start screen
    expect(phone.lastEmitted('webSignIn.codeRequested')).toBeUndefined();
    phone.softkey('Postpone');
    phone.key('3');
    expect(phone.lastEmitted('webSignIn.codeRequested')).toBeDefined();
    expect(phone.screen()).toMatch(/^Web Sign-in\n/);
    phone.softkey('Cancel');
    phone.signedIn();
    phone.createPin('123456');
    expect(phone.screen()).not.toMatch(/\d\. User ID/);
  });

  it('says why a wrong password was refused and keeps the user name', () => {
    const phone = bootedPhone();
    phone.softkey('Sign In');
    phone.key('1');
    phone.type('amosm@contoso.com');
    phone.key('Select');
    phone.type('wrong');
    phone.key('Select');
    phone.send({ type: 'server.signInRefused', reason: 'badCredentials' });
    expect(phone.text()).toMatch(/user name or password is\s+incorrect/);
    expect(phone.screen()).toContain('User name: amosm@contoso.com');
    expect(phone.screen()).toMatch(/> Password: $/m);
    expect(phone.context().account.user).toBeNull();
  });

  it('shows PIN Authentication only on-premises', () => {
    const phone = bootedPhone();
    phone.send({ type: 'server.tenantInfo', sfb: 'onprem', emergencyNumbers: ['911'] });
    phone.softkey('Sign In');
    expect(phone.screen()).toMatch(/1\. User ID\n2\. PIN Authentication\n3\. Via PC\n4\. Web Sign-in/);
  });

  it('shows a web sign-in code until it expires after 15 minutes, then Retry asks for a new one', () => {
    const phone = bootedPhone();
    phone.softkey('Sign In');
    phone.key('3');
    expect(phone.lastEmitted('webSignIn.codeRequested')).toBeDefined();
    phone.send({ type: 'server.webCode', code: { code: 'ABCD-EFGH', url: 'http://127.0.0.1:1/signin', expiresInMs: 15 * 60_000 } });
    expect(phone.screen()).toMatch(/http:\/\/127\.0\.0\.1:1\/signin\nand enter this code:\nABCD-EFGH/);
    phone.clock.advanceBy(15 * 60_000 - 1);
    expect(phone.screen()).toContain('ABCD-EFGH');
    phone.clock.advanceBy(1);
    expect(phone.screen()).toMatch(/The code has expired/);
    phone.emitted.length = 0;
    phone.softkey('Retry');
    expect(phone.emitted.map((event) => event.type)).toEqual(['webSignIn.codeRequested']);
    expect(phone.screen()).toMatch(/Getting a sign-in code/); // not the expired code while the new one is on its way
    expect(phone.screen()).not.toContain('ABCD-EFGH');
  });

  it('shows the whole address and the code on a three-row display (VVX 201)', () => {
    const phone = bootedPhone({ device: 'polycom-vvx-201' });
    phone.key('3');
    phone.send({ type: 'server.webCode', code: { code: 'ABCD-EFGH', url: 'http://127.0.0.1:41235/signin', expiresInMs: 15 * 60_000 } });
    expect(phone.screen()).toBe('Web Sign-in\nhttp://127.0.0.1:41235\n/signin\nABCD-EFGH\nCancel');
  });

  it('keeps the method list on the highlighted method when the tenant changes the list', () => {
    const phone = bootedPhone();
    phone.send({ type: 'server.tenantInfo', sfb: 'onprem', emergencyNumbers: ['911'] });
    phone.softkey('Sign In');
    phone.key('Up'); // 4. Web Sign-in
    phone.send({ type: 'server.tenantInfo', sfb: 'online', emergencyNumbers: ['911'] });
    const screen = renderScreen(phone.actor.getSnapshot());
    expect(screen.lines[screen.highlighted!]).toBe('3. Web Sign-in');
    phone.key('Up', 'Up'); // 1. User ID
    phone.send({ type: 'server.tenantInfo', sfb: 'onprem', emergencyNumbers: ['911'] });
    phone.key('Down'); // 2. PIN Authentication, offered on-premises only
    phone.send({ type: 'server.tenantInfo', sfb: 'online', emergencyNumbers: ['911'] });
    phone.key('Select');
    expect(phone.screen()).toMatch(/^User ID\n/); // back on the first row
  });
});

describe('Phone-Lock', () => {
  function signedInPhone(options: Parameters<typeof bootedPhone>[0] = {}) {
    const phone = bootedPhone(options);
    phone.signedIn();
    return phone;
  }

  it('asks for a PIN after the first sign-in, entered twice, and refuses a short one with the reason', () => {
    const phone = signedInPhone();
    expect(phone.screen()).toMatch(/^Phone Lock\nCreate a PIN of 6 to 15 digits\./);
    phone.keys('12345');
    expect(phone.screen()).toContain('New PIN: •••••');
    phone.key('Select');
    expect(phone.screen()).toMatch(/The PIN must have 6 to 15 digits/);
    expect(phone.screen()).toMatch(/New PIN: $/m);
    phone.keys('123456');
    phone.key('Select');
    expect(phone.screen()).toMatch(/Enter the PIN again/);
    phone.keys('123457');
    phone.key('Select');
    expect(phone.screen()).toMatch(/did not match/);
    phone.createPin('123456');
    expect(phone.screen()).toMatch(/Signed in: amosm@contoso\.com/);
    expect(phone.context().lock.pinHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(phone.actor.getSnapshot().context)).not.toContain('123456');
  });

  it('cannot open the menu while the PIN is being created', () => {
    const phone = signedInPhone();
    phone.key('Home');
    expect(phone.screen()).toMatch(/^Phone Lock/);
  });

  it('locks after PhoneLockTimeout idle, not before, and unlocks with the PIN', () => {
    const phone = signedInPhone();
    phone.createPin('123456');
    phone.clock.advanceBy(10 * 60_000 - 1);
    expect(phone.screen()).not.toMatch(/Phone Locked/);
    phone.clock.advanceBy(1);
    expect(phone.screen()).toMatch(/^Phone Locked\nEnter your PIN to unlock\.\n> PIN: $/m);
    phone.keys('123456');
    phone.softkey('Unlock');
    expect(phone.screen()).toMatch(/Signed in/);
  });

  it('locks on the Lock key, and a key press restarts the idle period', () => {
    const phone = signedInPhone({ policy: { PhoneLockTimeout: 2 * 60_000 } });
    phone.createPin('123456');
    phone.clock.advanceBy(60_000);
    phone.key('Down');
    phone.clock.advanceBy(119_000);
    expect(phone.lockPhase()).toBe('unlocked');
    phone.key('Lock');
    expect(phone.lockPhase()).toBe('locked');
  });

  it('signs the user out after KeyboardLockMaxPinRetry wrong PINs on a VVX', () => {
    const phone = signedInPhone({ policy: { KeyboardLockMaxPinRetry: 3 } });
    phone.createPin('123456');
    phone.key('Lock');
    phone.keys('000000');
    phone.key('Select');
    expect(phone.screen()).toMatch(/Wrong PIN\. Attempts left: 2/);
    phone.keys('000000');
    phone.key('Select');
    expect(phone.context().account.user).not.toBeNull();
    phone.keys('000000');
    phone.key('Select');
    expect(phone.context().account.user).toBeNull();
    expect(phone.lastEmitted('signOut.requested')).toBeDefined();
    expect(phone.text()).toMatch(/Too many wrong PINs: you were signed out/);
    expect(phone.context().lock).toMatchObject({ pinHash: null });
    expect(phone.lockPhase()).toBe('off');
  });

  it('stays signed in when another sign-in is refused, and signs out when the session has ended', () => {
    const phone = signedInPhone({ policy: { EnforcePhoneLock: false } });
    phone.send({ type: 'server.signInRefused', reason: 'noPhoneSystem' });
    expect(phone.context().account.user).not.toBeNull();
    phone.send({ type: 'server.signInRefused', reason: 'sessionExpired' });
    expect(phone.context().account.user).toBeNull();
    expect(phone.text()).toMatch(/Your session has ended/);
  });

  it('is off when EnforcePhoneLock is false', () => {
    const phone = signedInPhone({ policy: { EnforcePhoneLock: false } });
    expect(phone.screen()).toMatch(/Signed in/);
    phone.clock.advanceBy(60 * 60_000);
    phone.key('Lock');
    expect(phone.lockPhase()).toBe('off');
  });
});

describe('calls', () => {
  function readyPhone(options: Parameters<typeof bootedPhone>[0] = {}) {
    const phone = bootedPhone(options);
    phone.signedIn();
    phone.createPin('123456');
    return phone;
  }

  it('dials UserDialTimeoutMS after the last digit, rings, and connects when the far end answers', () => {
    const phone = readyPhone();
    phone.keys('4321');
    expect(phone.screen()).toMatch(/^Call\nNumber: 4321/);
    phone.clock.advanceBy(4_999);
    expect(phone.lastEmitted('call.dialRequested')).toBeUndefined();
    phone.clock.advanceBy(1);
    expect(phone.lastEmitted('call.dialRequested')).toEqual({ type: 'call.dialRequested', party: '4321' });
    phone.send({ type: 'server.callPlaced', call: { id: 'c1', party: '4321', direction: 'outgoing', answerAfterMs: 5_000 } });
    expect(phone.screen()).toMatch(/Ringing 4321/);
    phone.clock.advanceBy(5_000);
    expect(phone.screen()).toMatch(/Connected: 4321/);
    phone.softkey('End Call');
    expect(phone.lastEmitted('call.hungUp')).toEqual({ type: 'call.hungUp', id: 'c1' });
    expect(phone.screen()).toMatch(/Signed in/);
  });

  it('says why a call was refused', () => {
    const phone = readyPhone();
    phone.keys('14255550100');
    phone.softkey('Dial');
    phone.send({ type: 'server.callRefused', party: '14255550100', reason: 'noCallingPlan' });
    expect(phone.text()).toMatch(/Calling Plan/);
  });

  it('rings for an incoming call even when locked; a locked VVX answers it only after the PIN', () => {
    const phone = readyPhone();
    phone.key('Lock');
    phone.send({ type: 'server.incomingCall', call: { id: 'c2', party: 'lidiah@contoso.com', direction: 'incoming', answerAfterMs: 0 } });
    expect(phone.screen()).toMatch(/^Phone Locked\nIncoming call from lidiah@contoso\.com/);
    phone.softkey('Answer');
    expect(phone.lastEmitted('call.answered')).toBeUndefined();
    expect(phone.screen()).toMatch(/Enter your PIN to answer\./);
    phone.keys('123456');
    phone.softkey('Answer');
    expect(phone.lastEmitted('call.answered')).toEqual({ type: 'call.answered', id: 'c2' });
    phone.softkey('End Call');
    expect(phone.screen()).toMatch(/Signed in/);
  });

  it('dials an emergency number from a locked phone, and refuses other numbers with the reason', () => {
    const phone = readyPhone();
    phone.key('Lock');
    phone.softkey('New Call');
    phone.keys('4321');
    phone.softkey('Dial');
    expect(phone.lastEmitted('call.dialRequested')).toBeUndefined();
    expect(phone.text()).toMatch(/only emergency numbers/);
    phone.key('Hook');
    phone.keys('911');
    phone.softkey('Dial');
    expect(phone.lastEmitted('call.dialRequested')).toEqual({ type: 'call.dialRequested', party: '911' });
  });

  it('on a Yealink, dials other numbers while locked once DisableHandsetOnLockedMachine is False, as the policy says', () => {
    const phone = readyPhone({ device: 'yealink-t46g' });
    const lockedDial = (number: string) => {
      phone.key('Lock', 'Hook');
      phone.keys(number);
      phone.softkey('Dial');
    };
    lockedDial('4321');
    expect(phone.lastEmitted('call.dialRequested')).toBeUndefined();
    expect(phone.text()).toMatch(/only emergency numbers/);
    phone.send({ type: 'server.policyChanged', policy: { ...defaultPolicy, DisableHandsetOnLockedMachine: false } });
    lockedDial('4321');
    expect(phone.lastEmitted('call.dialRequested')).toEqual({ type: 'call.dialRequested', party: '4321' });
    expect(phone.lockPhase()).toBe('locked');
  });

  it('keeps a locked Polycom to emergency numbers whatever DisableHandsetOnLockedMachine says', () => {
    const phone = readyPhone({ policy: { DisableHandsetOnLockedMachine: false } });
    phone.key('Lock', 'Hook');
    phone.keys('4321');
    phone.softkey('Dial');
    expect(phone.lastEmitted('call.dialRequested')).toBeUndefined();
  });
});

describe('BToE pairing', () => {
  it('pairs a Windows PC in Auto mode', () => {
    const phone = bootedPhone();
    phone.send({ type: 'pairing.requested', os: 'windows', code: 'gNCYoV19' });
    expect(phone.lastEmitted('pairing.answered')).toEqual({ type: 'pairing.answered', outcome: 'paired' });
    expect(phone.screen()).toMatch(/PC paired/);
  });

  it('refuses BToE on a Lync Phone Edition phone, which works with its PC over USB', () => {
    const phone = bootedPhone({ device: 'lpe-cx600' });
    phone.send({ type: 'pairing.requested', os: 'windows', code: 'gNCYoV19' });
    expect(phone.lastEmitted('pairing.answered')).toEqual({ type: 'pairing.answered', outcome: 'refused', reason: 'notSupported' });
    expect(phone.text()).toMatch(/this phone has no BToE/);
  });

  it('shows the 8-character code in Manual mode and pairs once the PC sends it', () => {
    const phone = bootedPhone({ policy: { BetterTogetherOverEthernetPairingMode: 'Manual' } });
    phone.send({ type: 'pairing.requested', os: 'windows', code: 'gNCYoV19' });
    expect(phone.screen()).toMatch(/Pairing code: gNCYoV19/);
    phone.send({ type: 'pairing.codeEntered', code: 'gncyov19' });
    expect(phone.lastEmitted('pairing.answered')).toMatchObject({ outcome: 'refused', reason: 'badCode' });
    phone.send({ type: 'pairing.codeEntered', code: 'gNCYoV19' });
    expect(phone.context().pairing.paired).toBe(true);
  });

  it.each([
    ['mac', {}, /not supported on a Mac/],
    ['vdi', {}, /not supported in a VDI session/],
    ['windows', { EnableBetterTogetherOverEthernet: false }, /BToE is turned off/],
  ] as const)('refuses a %s PC with the reason (policy %j)', (os, policy, reason) => {
    const phone = bootedPhone({ policy });
    phone.send({ type: 'pairing.requested', os, code: 'gNCYoV19' });
    expect(phone.lastEmitted('pairing.answered')).toMatchObject({ outcome: 'refused' });
    expect(phone.text()).toMatch(reason);
    expect(phone.context().pairing.paired).toBe(false);
  });

  it('locks when the paired PC locks, and unlocks when it unlocks', () => {
    const phone = bootedPhone();
    phone.send({ type: 'pairing.requested', os: 'windows', code: 'x' });
    phone.signedIn();
    phone.createPin('123456');
    phone.send({ type: 'pairing.pcLocked', locked: true });
    expect(phone.lockPhase()).toBe('locked');
    phone.send({ type: 'pairing.pcLocked', locked: false });
    expect(phone.lockPhase()).toBe('unlocked');
  });

  it('follows no PC lock once unpaired: BToE turned off unpairs the phone without telling the server', () => {
    const phone = bootedPhone();
    phone.send({ type: 'pairing.requested', os: 'windows', code: 'x' });
    phone.signedIn();
    phone.createPin('123456');
    phone.send({ type: 'server.policyChanged', policy: { ...phone.context().policy, EnableBetterTogetherOverEthernet: false } });
    expect(phone.context().pairing.paired).toBe(false);
    phone.send({ type: 'pairing.pcLocked', locked: true });
    expect(phone.lockPhase()).toBe('unlocked');
    phone.send({ type: 'key.press', key: 'Lock' });
    phone.send({ type: 'pairing.pcLocked', locked: false });
    expect(phone.lockPhase()).toBe('locked');
  });
});
