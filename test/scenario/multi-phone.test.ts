import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/library/scenarios.js';
import { describeScenarioProblem, parseScenario, type Scenario } from '../../src/scenario/load-scenario.js';
import { humanResult } from '../../src/scenario/reporters/index.js';
import { projectData } from '../helpers/data.js';
import { runText } from './helpers.js';

/** Issue 16: several phones in one scenario, each step addressed by the `- on: NAME` before it. */
const file = 'scenarios/x.yaml';
const twoPhones = 'name: x\nphones:\n  a: { device: polycom-vvx-601 }\n  b: { device: yealink-t58a, locale: fr-FR }\n';

function load(text: string) {
  return parseScenario(text, file, projectData());
}
function valid(text: string): Scenario {
  const result = load(text);
  if (!result.ok) throw new Error(result.problems.map(describeScenarioProblem).join('\n'));
  return result.scenario;
}
function problems(text: string): string[] {
  const result = load(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems.map(describeScenarioProblem);
}

describe('a multi-phone scenario file', () => {
  it('resolves each phone as a one-phone top level is, and gives each step the phone the last on: named', () => {
    const scenario = valid(`${twoPhones}steps:\n  - on: a\n  - press: Sign In\n  - on: b\n  - press: Connexion\n  - expect: { call: idle }\n`);
    expect(scenario.phones.map((phone) => [phone.name, phone.profile.id, phone.locale])).toEqual([
      ['a', 'polycom-vvx-601', 'en-US'],
      ['b', 'yealink-t58a', 'fr-FR'],
    ]);
    expect(scenario.steps.map((step) => step.phone)).toEqual(['a', 'a', 'b', 'b', 'b']);
    // A label is checked in the addressed phone's locale: Connexion is b's (fr-FR), not a's.
    expect(problems(`${twoPhones}steps:\n  - on: a\n  - press: Connexion\n`).join('\n')).toMatch(/steps\[1\]\.press: "Connexion" is not a key or a softkey label \(that is its fr-FR label/);
  });

  it.each([
    ['a step before any on:', `${twoPhones}steps:\n  - expect: { call: idle }\n`, /steps\[0\]: names no phone: a scenario with phones: says which phone first, with "- on: a" \(phones: a, b\) \(line 6\)/],
    ['the other addressing form', `${twoPhones}steps:\n  - { phone: b, press: Answer }\n`, /steps\[0\]\.phone: a step does not carry phone:; address a phone with a step of its own before it: "- on: NAME"/],
    ['a phone: key on its own', `${twoPhones}steps:\n  - phone: b\n`, /steps\[0\]\.phone: a step does not carry phone:/],
    ['an unknown phone', `${twoPhones}steps:\n  - on: reception\n`, /steps\[0\]\.on: no phone "reception" in phones: \(phones: a, b\)/],
    ['on: in a one-phone scenario', 'name: x\ndevice: polycom-vvx-601\nsteps:\n  - on: a\n', /steps\[0\]\.on: on: addresses a phone of phones:, and this scenario has one phone/],
    ['device beside phones', `${twoPhones}device: polycom-vvx-601\nsteps:\n  - on: a\n`, /device: goes under each phone of phones:/],
    ['neither device nor phones', 'name: x\nsteps:\n  - expect: { call: idle }\n', /expected device: DEVICE-ID \(one phone\), or phones:/],
    ['a wrong device of a phone', 'name: x\nphones:\n  a: { device: yealink-t99 }\nsteps:\n  - on: a\n', /phones\.a\.device: "yealink-t99" is not a device id/],
    ['a bad MAC', 'name: x\nphones:\n  a: { device: polycom-vvx-601, mac: nope }\nsteps:\n  - on: a\n', /phones\.a\.mac: "nope" is not a MAC address/],
    ['two phones with one MAC', 'name: x\nphones:\n  a: { device: polycom-vvx-601, mac: "00:04:F2:00:00:09" }\n  b: { device: polycom-vvx-601, mac: 0004f2000009 }\nsteps:\n  - on: a\n', /phones\.b\.mac: the same mac as phone a/],
    ['a bad phone name', 'name: x\nphones:\n  1st: { device: polycom-vvx-601 }\nsteps:\n  - on: a\n', /phones\.1st: not a phone name: a letter/],
  ])('refuses %s, naming the field', (_what, text, message) => {
    expect(problems(text).join('\n')).toMatch(message);
  });

  it('addresses every step by the last on: before it, whatever the sequence (property)', () => {
    const step = fc.oneof(fc.constantFrom('a', 'b').map((name) => ({ on: name })), fc.constant({ expect: { call: 'idle' } }));
    fc.assert(
      fc.property(fc.constantFrom('a', 'b'), fc.array(step, { maxLength: 12 }), (start, rest) => {
        const steps = [{ on: start }, ...rest];
        const text = `${twoPhones}steps:\n${steps.map((value) => `  - ${JSON.stringify(value)}\n`).join('')}`;
        let current = start;
        const expected = steps.map((value) => ('on' in value ? (current = value.on) : current));
        expect(valid(text).steps.map((entry) => entry.phone)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('running a multi-phone scenario', () => {
  it('names the phone whose step failed, and shows its screen', async () => {
    const result = await runText(`${twoPhones}steps:\n  - on: b\n  - expect: { call: ringing }\n`);
    expect(result.status).toBe('failed');
    expect(result.failure?.message).toMatch(/^on phone b: the expectation does not hold/);
    expect(result.failure?.screen).toMatch(/Yealink|T58/i);
  });

  it('runs from the library API as its YAML reads', async () => {
    const report = await runScenario({
      name: 'two phones from code',
      phones: { a: { device: 'polycom-vvx-601' }, b: { device: 'polycom-vvx-601' } },
      steps: [{ on: 'a' }, { expect: { call: 'idle', signedIn: false } }, { on: 'b' }, { expect: { call: 'idle' } }],
    });
    expect(report.summary.exitCode, JSON.stringify(report)).toBe(0);
  });

  it('keeps each phone apart: a sign-in on one leaves the other signed out', async () => {
    const result = await runText(
      'name: x\nphones:\n  a: { device: polycom-vvx-601 }\n  b: { device: polycom-vvx-601 }\nusers:\n  - { upn: amosm@contoso.com, password: Pa55w.rd, licenses: [PhoneSystem] }\nsteps:\n  - on: a\n  - signIn: { method: userId }\n  - expect: { signedIn: amosm@contoso.com }\n  - on: b\n  - expect: { signedIn: false }\n',
    );
    expect(result.status, humanResult(result)).toBe('passed');
  });
});
