import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/scenario/duration.js';
import { describeScenarioProblem, parseScenario } from '../../src/scenario/load-scenario.js';
import { humanResult } from '../../src/scenario/reporters/index.js';
import { projectData } from '../helpers/data.js';
import { runText } from './helpers.js';

/** The steps of issue 15 QA could not write before, each against a real phone and server. */

const vvx = 'name: step test\ndevice: polycom-vvx-601\n';
const onprem = `${vvx}deployment: { sfb: onprem }\n`;
const tenant = 'users:\n  - { upn: amosm@contoso.com, password: Pa55w.rd, licenses: [PhoneSystem, CallingPlan] }\n';

async function passes(text: string): Promise<void> {
  const result = await runText(text);
  expect(result.status, humanResult(result)).toBe('passed');
}

function problems(text: string): string[] {
  const result = parseScenario(text, 'scenarios/x.yaml', projectData());
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems.map(describeScenarioProblem);
}

describe('server: steps through the admin API', () => {
  it('reset: VERSION rejects the pending build; the test device is offered nothing any more', async () => {
    await passes(`${onprem}steps:
  - server: { publish: 6.1.0.6189 }
  - server: { testDevice: true }
  - advance: 1d
  - expect: { screen: "Software version 6.1.0.6189 is available." }
  - press: Postpone
  - server: { reset: 6.1.0.6189 }
  - advance: 1d
  - expect: { notScreen: available, firmware: 5.9.5.0614 }
`);
  });

  it('reset: VERSION fails, naming the pending build, when VERSION is not the one pending', async () => {
    const none = await runText(`${onprem}steps:\n  - server: { reset: 6.1.0.6189 }\n`);
    expect(none.failure).toMatchObject({ step: { index: 0 }, message: 'the pending build of polycom-ucs is none, not 6.1.0.6189' });
    const other = await runText(`${onprem}steps:\n  - server: { publish: 6.1.0.6189 }\n  - server: { reset: 5.9.5.0614 }\n`);
    expect(other.failure).toMatchObject({ step: { index: 1 }, message: 'the pending build of polycom-ucs is 6.1.0.6189, not 5.9.5.0614' });
  });

  it.each([
    ['{ mac: "00-04-f2-00-00-01" }', true],
    ['{ mac: 0004F2000001 }', true],
    ['{ serial: 0004F2000001 }', true],
    ['{ mac: "00:04:F2:00:00:02" }', false],
    ['{ serial: 0004F2000002 }', false],
  ])('testDevice: %s makes this phone (00:04:F2:00:00:01) a test device: %s', async (device, offered) => {
    await passes(`${onprem}steps:
  - server: { publish: 6.1.0.6189 }
  - server: { testDevice: ${device} }
  - advance: 1d
  - expect: { ${offered ? 'screen' : 'notScreen'}: "6.1.0.6189" }
`);
  });

  it('fault: cut breaks the next download, none serves whole images again', async () => {
    await passes(`${vvx}firmware: 5.8.0.13337
steps:
  - server: { fault: cut }
  - press: Update
  - advance: 20s
  - expect: { screen: "Update failed: the download was interrupted", firmware: 5.8.0.13337 }
  - server: { fault: none }
  - press: SwUpdate
  - advance: 10m
  - expect: { firmware: 5.9.5.0614 }
`);
  });

  it('fault: unbootable, set before the offer (the next daily check), installs an image that does not start, and the phone rolls back', async () => {
    await passes(`${vvx}firmware: 5.8.0.13337
settings: { lync.deviceUpdate.popUpSK.enabled: 1 }
steps:
  - server: { fault: unbootable }
  - press: Postpone
  - advance: 1d
  - press: Update
  - advance: 50s
  - expect: { screen: /5\.9\.5\.0614 did not start/ }
  - advance: 20s
  - expect: { firmware: 5.8.0.13337 }
`);
  });

  it('server: { provisioning } is refused, saying why, when the scenario gives the phone its own provisioning server', async () => {
    const result = await runText(`${vvx}provisioning: http://127.0.0.1:9/\nsteps:\n  - server: { provisioning: 5.8.0.13337 }\n`);
    expect(result.failure?.message).toMatch(/^the phone reads the scenario's own provisioning: server, not the one the network names/);
  });

  it('provisioning: off stops the second update authority: the loop and its warning end', async () => {
    await passes(`${vvx}firmware: 5.8.0.13337
steps:
  - server: { provisioning: 5.8.0.13337 }
  - press: Update
  - advance: 3h
  - expect: { warning: /^Update loop/ }
  - server: { provisioning: off }
  - advance: 1h
  - expect: { notWarning: /^Update loop/, firmware: 5.9.5.0614 }
`);
  });
});

describe('expect: notWarning', () => {
  it('holds when no warning matches, and fails listing the ones that do', async () => {
    await passes(`${vvx}steps:\n  - expect: { notWarning: loop }\n`);
    const result = await runText(`${vvx}firmware: 5.8.0.13337
steps:
  - server: { provisioning: 5.8.0.13337 }
  - press: Update
  - advance: 3h
  - expect: { notWarning: "/loop/i" }
`);
    expect(result.failure).toMatchObject({ message: 'the expectation does not hold', expected: 'no warning matching /loop/i' });
    expect(result.failure!.actual).toMatch(/^warnings: Update loop: in-band device update installs 5\.9\.5\.0614/);
  });
});

describe('browser: outcomes a scenario checks', () => {
  it('code: wrong is refused with the page\'s reason; then the code shown signs in', async () => {
    await passes(`${vvx}${tenant}steps:
  - signIn: { method: web }
  - browser: { code: wrong }
  - expect: { browser: refused, browserReason: "That code didn't work.", signedIn: false, screen: /code/i }
  - browser: { code: shown }
  - expect: { browser: done, signedIn: amosm@contoso.com }
`);
  });

  it('an expired code is refused, and the page says it expired', async () => {
    await passes(`${vvx}${tenant}steps:
  - signIn: { method: web }
  - advance: 15m
  - expect: { screen: /expired/i }
  - browser: {}
  - expect: { browser: refused, browserReason: /has expired/, signedIn: false }
`);
  });

  it('expect browser fails with the page\'s reason when the pages refused, and says when no browser step ran', async () => {
    const refused = await runText(`${vvx}${tenant}steps:\n  - signIn: { method: web }\n  - browser: { code: ABCDEFGH2 }\n  - expect: { browser: done }\n`);
    expect(refused.failure).toMatchObject({
      expected: 'the browser pages done',
      actual: "the browser pages refused: That code didn't work. Check the code on your phone and try again.",
    });
    const none = await runText(`${vvx}steps:\n  - expect: { browserReason: expired }\n`);
    expect(none.failure).toMatchObject({ actual: 'no browser: step has run' });
  });
});

describe('pc: { pair: manual, code }', () => {
  const manual = `${vvx}policy: { BetterTogetherOverEthernetPairingMode: Manual }\n`;

  it('a wrong code is refused on the phone, which still shows its code; the code shown then pairs', async () => {
    await passes(`${manual}steps:
  - pc: { pair: manual, code: "WRONG123" }
  - expect: { paired: false, screen: "Pairing refused: the pairing code does not match." }
  - pc: { pair: manual, code: shown }
  - expect: { paired: true }
`);
  });

  it('while the phone waits, its screen shows the code to type', async () => {
    await passes(`${manual}steps:
  - pc: { pair: manual, code: "WRONG123" }
  - advance: 1m
  - expect: { screen: '/Pairing code: \\S+/', paired: false }
`);
  });

  it('a code on a phone that pairs at once (Auto) fails: it was never typed', async () => {
    const result = await runText(`${vvx}steps:\n  - pc: { pair: manual, code: "WRONG123" }\n`);
    expect(result.failure).toMatchObject({ message: 'the phone paired without asking for a code (Auto mode), so "WRONG123" was never typed' });
  });
});

describe('a simulation that keeps busy', () => {
  it('stops where virtual time got to and says the simulation was busy, not that it waited for the server', async () => {
    const result = await runText(
      `${vvx}firmware: 5.8.0.13337\nsteps:\n  - server: { provisioning: 5.8.0.13337 }\n  - press: Update\n  - advance: 200000d\n`,
      { stepTimeoutMs: 3_000 },
    );
    expect(result.failure?.step?.index).toBe(2);
    expect(result.failure!.message).toMatch(
      /^advance: 200000d: the simulation was busy: virtual time stopped at (\d+d )?\d\d:\d\d:\d\d \(\S+ into this step\) after 3 s of real time/,
    );
    expect(result.failure!.message).not.toMatch(/waiting for the server/);
    // The header's virtual time is the time reached, the same as the failure's.
    expect(result.virtualMs).toBe(result.failure!.at);
    expect(result.virtualMs).toBeGreaterThan(8_000);
    expect(result.virtualMs).toBeLessThan(200_000 * 86_400_000);
    expect(humanResult(result).split('\n')[0]).toMatch(new RegExp(`^FAIL inline\\.yaml: step test \\(3 steps, ${formatDuration(result.virtualMs)} virtual in \\d+ ms\\)$`));
    expect(humanResult(result).split('\n')[0]).not.toContain('200000d');
  });
});

describe('checking the new steps before anything runs', () => {
  it('reads each new step and value', () => {
    const result = parseScenario(
      `${onprem}${tenant}steps:
  - server: { reset: 6.1.0.6189 }
  - server: { testDevice: { mac: "00:04:F2:00:00:01" } }
  - server: { testDevice: { serial: 0004F2000001 } }
  - server: { fault: corrupt }
  - server: { provisioning: off }
  - expect: { notWarning: /loop/, browser: refused, browserReason: expired }
  - browser: { code: wrong }
  - pc: { pair: manual, code: shown }
`,
      'x.yaml',
      projectData(),
    );
    expect(result.ok ? [] : result.problems.map(describeScenarioProblem)).toEqual([]);
  });

  it('refuses what the new steps cannot take, naming the field', () => {
    expect(problems(`${vvx}steps:\n  - server: { reset: 6.1.0.6189 }\n`)).toEqual([
      'scenarios/x.yaml: steps[0].server.reset: an on-premises update rule: set deployment: { sfb: onprem } (line 4)',
    ]);
    expect(problems(`${onprem}steps:\n  - server: { testDevice: { mac: "00:04:F2" } }\n`)[0]).toMatch(/steps\[0\]\.server\.testDevice\.mac: "00:04:F2" is not a MAC address/);
    expect(problems(`${vvx}steps:\n  - server: { fault: slow }\n`)[0]).toMatch(/steps\[0\]\.server\.fault: expected a download fault: none, cut, corrupt, unbootable/);
    expect(problems(`${vvx}steps:\n  - pc: { pair: auto, code: "1234" }\n`)[0]).toMatch(/steps\[0\]\.pc(\.code)?: code goes with pair: manual/);
    expect(problems(`${vvx}steps:\n  - expect: { browser: maybe }\n`)[0]).toMatch(/steps\[0\]\.expect\.browser:/);
    expect(problems(`${vvx}steps:\n  - server: { provisioning: of }\n`)[0]).toMatch(/steps\[0\]\.server\.provisioning:/);
  });
});
