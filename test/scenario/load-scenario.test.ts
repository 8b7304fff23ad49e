import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeScenarioProblem, parseScenario, type Scenario } from '../../src/scenario/load-scenario.js';
import { stepNames } from '../../src/scenario/scenario-schema.js';
import { projectData } from '../helpers/data.js';

const file = 'scenarios/x.yaml';
const head = 'name: x\ndevice: polycom-vvx-601\n';

function valid(text: string): Scenario {
  const result = parseScenario(text, file, projectData());
  if (!result.ok) throw new Error(result.problems.map(describeScenarioProblem).join('\n'));
  return result.scenario;
}

/** The problems of an invalid file, one line each as the CLI prints them. */
function problems(text: string): string[] {
  const result = parseScenario(text, file, projectData());
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems.map(describeScenarioProblem);
}

describe('reading a scenario file', () => {
  it('reads the example of PRODUCT.md section 5, with every top-level key', () => {
    const scenario = valid(`
name: Web sign-in code expires after 15 minutes     # required
device: polycom-vvx-601
firmware: 5.8.0.13337
locale: en-US
deployment: { sfb: online, exchange: online, mfa: false }
users:
  - { upn: amosm@contoso.com, password: Pa55w.rd, licenses: [PhoneSystem, CallingPlan] }
  - { upn: bob@contoso.com, password: Pa55w.rd, extension: "4321", pin: "13579" }
policy: { EnableDeviceUpdate: true, PhoneLockTimeout: "00:10:00", BetterTogetherOverEthernetPairingMode: Manual }
settings: { lync.deviceUpdate.popUpSK.enabled: 1 }
steps:
  - select: Web Sign-in
  - expect: { screen: /code/i }
  - advance: 15m
  - expect: { screen: /expired/i }
  - press: Update
  - browser: { user: amosm@contoso.com }
  - expect: { signedIn: amosm@contoso.com }
`);
    expect(scenario).toMatchObject({
      name: 'Web sign-in code expires after 15 minutes',
      firmware: '5.8.0.13337',
      locale: 'en-US',
      deployment: { sfb: 'online', exchange: 'online', mfa: false },
      policy: { EnableDeviceUpdate: true, PhoneLockTimeout: '00:10:00', BetterTogetherOverEthernetPairingMode: 'Manual' },
      settings: { 'lync.deviceUpdate.popUpSK.enabled': 1 },
    });
    expect(scenario.profile.id).toBe('polycom-vvx-601');
    expect(scenario.users[1]).toEqual({ upn: 'bob@contoso.com', password: 'Pa55w.rd', licenses: [], extension: '4321', pin: '13579' });
    expect(scenario.steps.map((step) => [step.index, step.line, step.source])).toEqual([
      [0, 13, 'select: Web Sign-in'],
      [1, 14, 'expect: { screen: /code/i }'],
      [2, 15, 'advance: 15m'],
      [3, 16, 'expect: { screen: /expired/i }'],
      [4, 17, 'press: Update'],
      [5, 18, 'browser: { user: amosm@contoso.com }'],
      [6, 19, 'expect: { signedIn: amosm@contoso.com }'],
    ]);
    expect(scenario.steps[2]!.step).toEqual({ kind: 'advance', value: 15 * 60_000 });
    expect(scenario.steps[1]!.step).toEqual({ kind: 'expect', value: { screen: { kind: 'regex', regex: /code/i } } });
    expect(scenario.steps[5]!.step).toEqual({ kind: 'browser', value: { user: 'amosm@contoso.com', account: 'pick' } });
  });

  it("accepts another model's device parameter, which this one ignores, as a shared provisioning file would", () => {
    const scenario = valid('name: x\ndevice: yealink-t48g\nsettings: { lync.deviceUpdate.popUpSK.enabled: 1 }\nsteps:\n  - press: Status\n');
    expect(scenario.settings).toEqual({ 'lync.deviceUpdate.popUpSK.enabled': 1 });
  });

  it('reads every step of the format', () => {
    const scenario = valid(`${head}deployment: { sfb: onprem }\nusers: [{ upn: amosm@contoso.com, password: x }]
steps:
  - press: "#"
  - type: amosm@contoso.com
  - select: Settings
  - signIn: { method: userId, user: amosm@contoso.com, phoneLockPin: "123456" }
  - setPin: "123456"
  - unlock: "123456"
  - dial: "911"
  - expect: { screen: a, notScreen: /b/, firmware: 5.9.5.0614, locked: true, signedIn: false, warning: /loop/i, exchange: false, call: ringing, paired: true, signInMethods: [userId, web] }
  - advance: 1h30m
  - server: { publish: 5.9.5.0614 }
  - server: { approve: 5.9.5.0614 }
  - server: { restore: true }
  - server: { testDevice: true }
  - server: { policy: { EnableDeviceUpdate: false } }
  - server: { call: "+14255550100" }
  - server: { restart: true }
  - server: { provisioning: 5.8.0.13337 }
  - browser: { account: another }
  - pc: { pair: manual, os: vdi }
  - pc: lock
  - pc: unlock
  - pc: { call: "+14255550100" }
  - pc: { signIn: amosm@contoso.com }
`);
    // on: is a multi-phone scenario's step (test/scenario/multi-phone.test.ts).
    expect(new Set(scenario.steps.map((step) => step.step.kind))).toEqual(new Set(stepNames.filter((name) => name !== 'on')));
    expect(scenario.steps.find((step) => step.step.kind === 'pc')!.step.value).toEqual({ pair: 'manual', os: 'vdi' });
  });

  it('starts on the newest certified build and the en-US screens when not told otherwise', () => {
    const scenario = valid(`${head}steps:\n  - press: Home\n`);
    expect(scenario).toMatchObject({ firmware: '5.9.5.0614', locale: 'en-US', deployment: undefined, users: [], policy: {}, settings: {} });
  });

  it('keeps digits as written even unquoted: PINs with leading zeros, versions like 5.10', () => {
    const scenario = valid(`${head}steps:\n  - setPin: 012345\n  - dial: 911\n  - unlock: 123456\n`);
    expect(scenario.steps.map((step) => step.step.value)).toEqual(['012345', '911', '123456']);
  });

  it.each([
    ['an unknown device id', 'name: x\ndevice: polycom-vvx-610\nsteps:\n  - press: Home\n', 'scenarios/x.yaml: device: "polycom-vvx-610" is not a device id (did you mean polycom-vvx-601?); phone-emu devices lists them (line 2)'],
    ['a firmware not in the catalog', `${head}firmware: 5.9\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: firmware: 5.9 is not in firmware-catalog/polycom-ucs.yaml'],
    ['a firmware in another scheme', `${head}firmware: banana\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: firmware: "banana" is not a polycom version (for example 5.9.5.0614) (line 3)'],
    ['an unknown top-level key', `${head}polcy: {}\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: polcy: unknown key (did you mean policy?) (line 3)'],
    ['a missing name', 'device: polycom-vvx-601\nsteps:\n  - press: Home\n', 'scenarios/x.yaml: name: expected the scenario name'],
    ['no steps', `${head}steps: []\n`, 'scenarios/x.yaml: steps: expected at least one step (line 3)'],
    ['a locale not emulated', `${head}locale: de-DE\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: locale: Invalid option: expected one of "en-US"|"fr-FR" (line 3)'],
    ['an unknown policy name', `${head}policy: { EnableDeviceUpdat: false }\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: policy.EnableDeviceUpdat: unknown policy name (did you mean EnableDeviceUpdate?) (line 3)'],
    ['a policy value of the wrong type', `${head}policy: { EnableDeviceUpdate: "no" }\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: policy.EnableDeviceUpdate: "no" is not allowed; use True or False (line 3)'],
    ['a TimeSpan over its limit', `${head}policy: { PhoneLockTimeout: "01:00:00" }\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: policy.PhoneLockTimeout: "01:00:00" is not allowed; use a time span hh:mm:ss from 00:00:01 to 00:59:59 (line 3)'],
    ['an on-premises policy Online', `${head}policy: { SIPSecurityMode: Low }\nsteps:\n  - server: { policy: { VoiceDiffServTag: 10 } }\n`, 'scenarios/x.yaml: policy.SIPSecurityMode: does not apply to Skype for Business Online: set deployment: { sfb: onprem } (line 3)\nscenarios/x.yaml: steps[0].server.policy.VoiceDiffServTag: does not apply to Skype for Business Online: set deployment: { sfb: onprem } (line 5)'],
    ['an unknown device parameter', `${head}settings: { lync.deviceUpdate.popUp: 1 }\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: settings.lync.deviceUpdate.popUp: not a device parameter (known: lync.deviceUpdate.popUpSK.enabled) (line 3)'],
    ['a user without a password', `${head}users: [{ upn: amosm@contoso.com }]\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: users[0].password: expected a password (line 3)'],
    ['a user without a UPN', `${head}users: [{ upn: amosm, password: x }]\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: users[0].upn: expected a user principal name such as amosm@contoso.com (line 3)'],
    ['an unknown license', `${head}users: [{ upn: a@b.com, password: x, licenses: [E5] }]\nsteps:\n  - press: Home\n`, 'scenarios/x.yaml: users[0].licenses[0]: Invalid option: expected one of "PhoneSystem"|"CallingPlan" (line 3)'],
    ['a misspelt softkey', `${head}steps:\n  - press: Home\n  - press: Updat\n`, 'scenarios/x.yaml: steps[1].press: "Updat" is not a key or a softkey label (did you mean Update?); keys: 0 1 2 3 4 5 6 7 8 9 * # Up Down Left Right Select Back Home Menu Lock Hook; softkeys in en-US: Update, Postpone, SwUpdate, Back'],
    ['an English label on a French phone', `${head}locale: fr-FR\nsteps:\n  - press: Postpone\n`, 'scenarios/x.yaml: steps[0].press: "Postpone" is not a key or a softkey label (that is its en-US label: in fr-FR it is "Reporter")'],
    ['a malformed duration', `${head}steps:\n  - advance: 15x\n`, 'scenarios/x.yaml: steps[0].advance: "15x" is not a duration: use a number and a unit (s, m, h, d), largest first: 30s, 15m, 2h, 3d, 1h30m (line 4)'],
    ['a duration without its unit', `${head}steps:\n  - advance: 30\n`, 'scenarios/x.yaml: steps[0].advance: expected a duration such as 30s, 15m, 2h, 3d or 1h30m (with its unit) (line 4)'],
    ['a bad regex', `${head}steps:\n  - expect: { screen: /code(/ }\n`, 'scenarios/x.yaml: steps[0].expect.screen: "/code(/" is not a valid regular expression'],
    ['an unknown expectation', `${head}steps:\n  - expect: { screne: x }\n`, 'scenarios/x.yaml: steps[0].expect.screne: unknown key (did you mean screen?) (line 4)'],
    ['an empty expectation', `${head}steps:\n  - expect: {}\n`, 'scenarios/x.yaml: steps[0].expect: list at least one of screen, notScreen, firmware, locked, signedIn, warning, exchange, call, paired, signInMethods, notWarning, browser, browserReason, pcLocked (line 4)'],
    ['a call state that does not exist', `${head}steps:\n  - expect: { call: busy }\n`, 'scenarios/x.yaml: steps[0].expect.call: Invalid option: expected one of "idle"|"dialing"|"ringing"|"connected" (line 4)'],
    ['an unknown step', `${head}steps:\n  - prss: OK\n`, 'scenarios/x.yaml: steps[0].prss: unknown step (did you mean press?); steps are press, type, select, signIn, setPin, unlock, dial, expect, advance, server, browser, pc, on (line 4)'],
    ['two keys in one step', `${head}steps:\n  - press: Home\n    advance: 1m\n`, 'scenarios/x.yaml: steps[0]: a step has exactly one key, this one has press, advance: put each on its own "- " line (line 4)'],
    ['a step that is not a mapping', `${head}steps:\n  - advance 15m\n`, 'scenarios/x.yaml: steps[0]: expected one "key: value", e.g. "- press: Update" (line 4)'],
    ['a PIN with letters', `${head}steps:\n  - setPin: 12ab56\n`, 'scenarios/x.yaml: steps[0].setPin: digits only, e.g. "123456" (line 4)'],
    ['an unknown sign-in method', `${head}steps:\n  - signIn: { method: sso }\n`, 'scenarios/x.yaml: steps[0].signIn.method: Invalid option: expected one of "userId"|"web"|"pin"|"pc"|"usb" (line 4)'],
    ['a sign-in user not in the tenant', `${head}users: [{ upn: amosm@contoso.com, password: x }]\nsteps:\n  - signIn: { method: userId, user: bob@contoso.com }\n`, `scenarios/x.yaml: steps[0].signIn.user: "bob@contoso.com" is not one of this scenario's users (amosm@contoso.com) (line 5)`],
    ['a sign-in with no user at all', `${head}steps:\n  - signIn: { method: userId }\n`, 'scenarios/x.yaml: steps[0].signIn: needs a user: name one with user:, or list users: (the first is the default) (line 4)'],
    ['two server actions in one step', `${head}steps:\n  - server: { publish: 5.9.5.0614, restart: true }\n`, 'scenarios/x.yaml: steps[0].server: give exactly one action: publish, approve, restore, testDevice, policy, call, restart, provisioning, reset, fault (line 4)'],
    ['an update rule Online', `${head}steps:\n  - server: { restore: true }\n`, 'scenarios/x.yaml: steps[0].server.restore: an on-premises update rule: set deployment: { sfb: onprem } (line 4)'],
    ['a published version in the wrong scheme', `${head}steps:\n  - server: { publish: UC_3.0.0 }\n`, 'scenarios/x.yaml: steps[0].server.publish: "UC_3.0.0" is not a polycom version'],
    ['a pc action that does not exist', `${head}steps:\n  - pc: reboot\n`, 'scenarios/x.yaml: steps[0].pc: expected lock, unlock, unplug, plug, { pair: auto | manual, os: windows | mac | vdi, code: shown | CODE }, { call: NUMBER } or { signIn: UPN } (line 4)'],
    ['not YAML', `${head}steps:\n  - press: [Home\n`, 'scenarios/x.yaml: not valid YAML: '],
    ['not a mapping', '- press: Home\n', 'scenarios/x.yaml: expected a scenario: a mapping with name, device and steps'],
  ])('refuses %s, naming the file, the field and the line', (_case, text, message) => {
    expect(problems(text).join('\n')).toContain(message);
  });

  it('reports the first YAML error only: the parser\'s later ones follow from it', () => {
    expect(problems(`${head}steps:\n  - expect: { screen: /a[b]*c: d/ }\n  - press: Home\n`)).toEqual([
      expect.stringMatching(/^scenarios\/x\.yaml: not valid YAML: .* \(line 4\)$/),
    ]);
  });

  it('reports every problem of a file at once, in line order', () => {
    const found = problems(`${head}locale: fr-FR\nsteps:\n  - press: Update\n  - advance: soon\n  - expect: { locked: maybe }\n`);
    expect(found.map((line) => /^scenarios\/x\.yaml: (steps\[\d\]\.\w+).*\(line (\d+)\)$/.exec(line)?.slice(1))).toEqual([
      ['steps[0].press', '5'],
      ['steps[1].advance', '6'],
      ['steps[2].expect', '7'],
    ]);
  });

  it('refuses any duration it cannot read with a message, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (duration) => {
        const result = parseScenario(`${head}steps:\n  - advance: ${JSON.stringify(duration)}\n`, file, projectData());
        if (!result.ok) expect(result.problems.map(describeScenarioProblem).join('\n')).toMatch(/^scenarios\/x\.yaml: steps\[0\]\.advance: /);
      }),
    );
  });
});
