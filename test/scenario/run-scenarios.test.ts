import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findScenarioFiles, runScenarios } from '../../src/scenario/run-scenarios.js';
import { startUpdateServer } from '../../src/server/update-server.js';
import { parseTextMatch, type TextMatch } from '../../src/scenario/text-match.js';
import { projectData } from '../helpers/data.js';

const root = mkdtempSync(join(tmpdir(), 'phone-emu-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

const passing = (name: string) => `name: ${name}\ndevice: polycom-vvx-601\nsteps:\n  - expect: { firmware: 5.9.5.0614 }\n`;
const failing = (name: string) => `name: ${name}\ndevice: polycom-vvx-601\nsteps:\n  - expect: { firmware: 5.4.0.10165 }\n`;

write('suite/b.yaml', passing('second'));
write('suite/a.yaml', passing('first'));
write('suite/nested/c.yml', failing('third'));
write('suite/notes.txt', 'not a scenario');
write('broken/x.yaml', 'name: broken\ndevice: nope\nsteps:\n  - press: Home\n');

const files = (...inputs: string[]) => findScenarioFiles(inputs, root).files;
const grep = (text: string) => parseTextMatch(text) as TextMatch;

describe('running many scenarios', () => {
  it('finds *.yaml and *.yml in folders, in name order', () => {
    expect(files('suite').map((file) => file.file)).toEqual(['suite/a.yaml', 'suite/b.yaml', 'suite/nested/c.yml']);
    expect(files('suite/b.yaml', 'suite').map((file) => file.file)).toEqual(['suite/b.yaml', 'suite/a.yaml', 'suite/nested/c.yml']);
    expect(findScenarioFiles(['nowhere'], root).missing).toEqual(['nowhere']);
  });

  it('exits 0 when all pass and 1 when any fails, reporting in file order whatever finishes first', async () => {
    const heard: string[] = [];
    const report = await runScenarios(files('suite'), { data: projectData(), jobs: 3, onResult: (result) => heard.push(result.name) });
    expect(report.exitCode).toBe(1);
    expect(report.results.map((result) => [result.name, result.status])).toEqual([
      ['first', 'passed'],
      ['second', 'passed'],
      ['third', 'failed'],
    ]);
    expect(heard).toEqual(['first', 'second', 'third']);
    expect((await runScenarios(files('suite/a.yaml', 'suite/b.yaml'), { data: projectData() })).exitCode).toBe(0);
  });

  it('gives the same results one at a time and in parallel', async () => {
    const outcome = async (jobs: number) =>
      (await runScenarios(files('suite', 'suite/pending'), { data: projectData(), jobs })).results.map((r) => [r.file, r.status, r.virtualMs]);
    expect(await outcome(4)).toEqual(await outcome(1));
  });

  it('exits 2 on an invalid file and runs nothing', async () => {
    const heard: string[] = [];
    const report = await runScenarios(files('suite', 'broken'), { data: projectData(), onResult: (result) => heard.push(result.status) });
    expect(report.exitCode).toBe(2);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ file: 'broken/x.yaml', name: 'broken', status: 'invalid' });
    expect(report.results[0]!.problems![0]).toMatchObject({ field: 'device', line: 2 });
    expect(heard).toEqual(['invalid']);
  });

  it('--grep runs the scenarios whose name or file matches', async () => {
    const names = async (text: string) => (await runScenarios(files('suite'), { data: projectData(), grep: grep(text) })).results.map((r) => r.name);
    expect(await names('second')).toEqual(['second']);
    expect(await names('nested/')).toEqual(['third']);
    expect(await names('/^(first|third)$/')).toEqual(['first', 'third']);
  });

  it('gives each phone on its own server the same MAC, so a scenario can name it, wherever it comes in the run', async () => {
    const named = (name: string) =>
      `name: ${name}\ndevice: polycom-vvx-601\ndeployment: { sfb: onprem }\nsteps:\n  - server: { publish: 6.1.0.6189 }\n  - server: { testDevice: { mac: "00:04:F2:00:00:01" } }\n  - advance: 1d\n  - expect: { screen: "6.1.0.6189 is available" }\n`;
    write('same-mac/a.yaml', named('first'));
    write('same-mac/b.yaml', named('second'));
    const report = await runScenarios(files('same-mac'), { data: projectData(), jobs: 2 });
    expect(report.results.map((result) => [result.name, result.status])).toEqual([
      ['first', 'passed'],
      ['second', 'passed'],
    ]);
  });

  it('runs only the files it is told to (what --last-failed does)', async () => {
    const report = await runScenarios(files('suite'), { data: projectData(), only: (file) => file === 'suite/nested/c.yml' });
    expect(report.results.map((r) => r.name)).toEqual(['third']);
  });
});

describe('running against a server given with --server', () => {
  it('connects every phone to it, each with its own MAC; policy: goes through its admin API', async () => {
    const server = await startUpdateServer({ data: projectData() });
    try {
      const report = await runScenarios(files('suite/a.yaml', 'suite/b.yaml'), { data: projectData(), serverUrl: server.url });
      expect(report.exitCode).toBe(0);
      expect(new Set(server.devices().map((device) => device.mac)).size).toBe(2);
      write('remote/policy.yaml', 'name: policy\ndevice: polycom-vvx-601\npolicy: { MinPhonePinLength: 8 }\nsteps:\n  - press: Home\n');
      write('remote/restart.yaml', 'name: restart\ndevice: polycom-vvx-601\nsteps:\n  - server: { restart: true }\n');
      write('remote/onprem.yaml', 'name: onprem\ndevice: polycom-vvx-601\ndeployment: { sfb: onprem }\nsteps:\n  - press: Home\n');
      write('remote/mfa.yaml', 'name: mfa\ndevice: polycom-vvx-601\ndeployment: { mfa: true }\nsteps:\n  - press: Home\n');
      write(
        'remote/users.yaml',
        `name: users and calls
device: yealink-t46g
users:
  - { upn: pattif@contoso.com, password: Pa55w.rd, licenses: [PhoneSystem, CallingPlan] }
steps:
  - signIn: { method: userId, phoneLockPin: "123456" }
  - expect: { signedIn: pattif@contoso.com }
  - server: { call: "+14255550123" }
  - expect: { call: ringing }
`,
      );
      const remote = await runScenarios(files('remote'), { data: projectData(), serverUrl: server.url, jobs: 1 });
      expect(remote.results.map((result) => [result.name, result.failure?.message])).toEqual([
        ['mfa', `the server at ${server.url} serves a tenant with Exchange online, MFA off; this scenario needs Exchange online, MFA on (its --tenant file's deployment)`],
        ['onprem', `the server at ${server.url} is online; this scenario needs onprem (phone-emu server --deployment onprem)`],
        ['policy', undefined],
        ['restart', 'not supported yet: server.restart against --server (restart that server yourself)'],
        ['users and calls', undefined],
      ]);
      expect(server.store.policy().MinPhonePinLength).toBe(8);
    } finally {
      await server.close();
    }
  });
});
