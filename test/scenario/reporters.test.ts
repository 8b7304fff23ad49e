import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatReport } from '../../src/scenario/reporters/index.js';
import type { RunReport } from '../../src/scenario/run-scenarios.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { projectData } from '../helpers/data.js';
import { runText } from './helpers.js';

async function mixedReport(): Promise<RunReport> {
  const passed = await runText('name: "Passes <&> \\"quoted\\""\ndevice: polycom-vvx-601\nsteps:\n  - press: Home\n', { trace: true });
  const failed = await runText('name: "Fails # here"\ndevice: polycom-vvx-601\nsteps:\n  - press: Home\n  - expect: { screen: "Version: 1.0" }\n');
  // A step this build cannot carry out, as the runner reports one.
  const unsupported = { ...failed, name: 'Not yet', failure: { ...failed.failure!, message: 'not supported yet: dial', notSupported: true } };
  const loaded = parseScenario('name: Broken\ndevice: nope\nsteps:\n  - press: Home\n', 'scenarios/broken.yaml', projectData());
  if (loaded.ok) throw new Error('expected an invalid file');
  const invalid = {
    file: loaded.file, name: 'Broken', device: undefined, columns: undefined, status: 'invalid' as const,
    wallMs: 0, virtualMs: 0, steps: 0, problems: loaded.problems, trace: [],
  };
  return { results: [passed, failed, unsupported, invalid], exitCode: 2, wallMs: 123, jobs: 2 };
}

describe('reporters', () => {
  it('junit: well-formed XML with one test case per scenario, failures and errors counted', async () => {
    const xml = formatReport('junit', await mixedReport());
    expect(XMLValidator.validate(xml)).toBe(true);
    const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: { tests: string; failures: string; errors: string; testsuite: { testcase: Record<string, unknown>[] } };
    };
    expect(document.testsuites).toMatchObject({ tests: '4', failures: '2', errors: '1' });
    const cases = document.testsuites.testsuite.testcase;
    expect(cases.map((testCase) => testCase.name)).toEqual(['Passes <&> "quoted"', 'Fails # here', 'Not yet', 'Broken']);
    expect(cases[0]).toMatchObject({ classname: 'inline', file: 'inline.yaml' });
    expect(cases[0]!['system-out']).toContain('press: Home');
    expect(cases[1]!.failure).toMatchObject({ type: 'StepFailure', message: 'the expectation does not hold' });
    expect((cases[1]!.failure as Record<string, string>)['#text']).toMatch(/at steps\[1\] \(line 5\)[\s\S]*the screen shows "Version: 1.0"[\s\S]*│Home/);
    expect(cases[2]!.failure).toMatchObject({ type: 'NotSupported', message: 'not supported yet: dial' });
    expect(cases[3]!.error).toMatchObject({ type: 'InvalidScenario' });
  });

  it('tap: the plan counts the test points, failures carry YAML diagnostics', async () => {
    const tap = formatReport('tap', await mixedReport());
    const lines = tap.split('\n');
    expect(lines[0]).toBe('TAP version 14');
    expect(lines[1]).toBe('1..4');
    const points = lines.filter((line) => /^(not )?ok \d+ - /.test(line));
    expect(points).toEqual([
      'ok 1 - inline.yaml: Passes <&> "quoted"',
      'not ok 2 - inline.yaml: Fails \\# here',
      'not ok 3 - inline.yaml: Not yet',
      'not ok 4 - scenarios/broken.yaml: Broken',
    ]);
    const block = tap.split('not ok 2 - inline.yaml: Fails \\# here\n')[1]!.split('  ...\n')[0]!;
    const diagnostics = parse(block.replace(/^ {2}---\n/, '').replace(/^ {2}/gm, '')) as Record<string, unknown>;
    expect(diagnostics).toMatchObject({ message: 'the expectation does not hold', step: { index: 1, line: 5 }, expected: 'the screen shows "Version: 1.0"' });
    expect(diagnostics.screen).toBe('Home\n1. Settings\n2. Directories\nBack');
  });

  it('json: the whole run, with a summary', async () => {
    const json = JSON.parse(formatReport('json', await mixedReport())) as { version: number; summary: object; scenarios: { status: string }[] };
    expect(json.version).toBe(1);
    expect(json.summary).toEqual({ total: 4, passed: 1, failed: 2, invalid: 1, exitCode: 2, wallMs: 123 });
    expect(json.scenarios.map((scenario) => scenario.status)).toEqual(['passed', 'failed', 'failed', 'invalid']);
  });

  it('human: a line per scenario, the failing step, expected and actual, the screen, and the CI summary line', async () => {
    const text = formatReport('human', await mixedReport());
    expect(text).toMatch(/^PASS inline\.yaml: Passes <&> "quoted" \(1 steps, 8s virtual in \d+ ms\)$/m);
    expect(text).toContain(
      [
        'FAIL inline.yaml: Fails # here (2 steps, 8s virtual in',
      ].join(''),
    );
    expect(text).toMatch(/ {4}at steps\[1\] \(line 5\) expect: \{ screen: "Version: 1\.0" \}\n {4}the expectation does not hold\n {4}expected: the screen shows "Version: 1\.0"\n {4}actual: {3}the screen below\n {4}screen at 00:00:08:\n {6}┌─{40}┐\n {6}│Home {36}│/);
    expect(text).toMatch(/INVALID scenarios\/broken\.yaml: Broken \(1 problem\(s\)\)\n {4}scenarios\/broken\.yaml: device: "nope" is not a device id/);
    // An invalid file is not a failure: counted on its own line, and the closing line keeps its "N passed, N failed" form.
    expect(text).toMatch(/\nscenarios: 1 invalid\nscenarios: 1 passed, 2 failed\n$/);
  });

  it('every reporter counts an invalid file as invalid, not as failed', async () => {
    const report = await mixedReport();
    expect(formatReport('tap', report)).toMatch(/\n# 1 passed, 2 failed, 1 invalid\n$/);
    expect(formatReport('tap', report)).toMatch(/not ok 4 - scenarios\/broken\.yaml: Broken\n {2}---\n {2}status: invalid\n/);
    expect(formatReport('junit', report)).toContain('<testsuites name="phone-emu" tests="4" failures="2" errors="1"');
    expect(JSON.parse(formatReport('json', report))).toMatchObject({ summary: { passed: 1, failed: 2, invalid: 1 } });
    const human = formatReport('human', report).split('\n');
    expect(human.filter((line) => /^scenarios: /.test(line))).toEqual(['scenarios: 1 invalid', 'scenarios: 1 passed, 2 failed']);
  });
});
