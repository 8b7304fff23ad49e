import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';

// The built CLI (npm test builds first), run from a scratch folder as a CI job would.
const cli = join(packageRoot(), 'dist', 'bundle', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'phone-emu-run-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'run', ...args], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function write(path: string, text: string): void {
  mkdirSync(join(work, path, '..'), { recursive: true });
  writeFileSync(join(work, path), text);
}

write('ok/a.yaml', 'name: boots on the newest build\ndevice: polycom-vvx-601\nsteps:\n  - expect: { firmware: 5.9.5.0614 }\n');
write('ok/b.yaml', 'name: offers the update\ndevice: polycom-vvx-601\nfirmware: 5.8.0.13337\nsteps:\n  - press: Update\n  - advance: 10m\n  - expect: { firmware: 5.9.5.0614 }\n');
write('mixed/a.yaml', 'name: passes\ndevice: polycom-vvx-601\nsteps:\n  - press: Home\n');
write('mixed/b.yaml', 'name: fails\ndevice: polycom-vvx-601\nsteps:\n  - press: Home\n  - expect: { screen: Downloading }\n');
write('broken.yaml', 'name: broken\ndevice: polycom-vvx-601\nsteps:\n  - press: Home\n  - press: Updat\n');

describe('phone-emu run', () => {
  it('documents itself with --help', () => {
    const help = spawnSync(process.execPath, [cli, 'run', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/--reporter <name>[\s\S]*junit[\s\S]*--out <file>[\s\S]*--grep <text>[\s\S]*--last-failed[\s\S]*--trace[\s\S]*--server <url>/);
  });

  it('runs the repository scenarios/ and passes (exit 0)', { timeout: 120_000 }, () => {
    const result = spawnSync(process.execPath, [cli, 'run', 'scenarios'], { cwd: packageRoot(), encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^PASS scenarios\/polycom\//m);
    expect(result.stdout).toMatch(/\nscenarios: \d+ passed, 0 failed\n$/);
    // Every scenario in one process: 5 s alone, over 20 s on a loaded machine; bounded for a hang only.
  });

  it('exits 1 when a scenario fails, showing the step, both sides and the screen', () => {
    const result = run('mixed');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('PASS mixed/a.yaml: passes');
    expect(result.stdout).toContain('FAIL mixed/b.yaml: fails');
    expect(result.stdout).toContain('    at steps[1] (line 5) expect: { screen: Downloading }');
    expect(result.stdout).toContain('    expected: the screen shows "Downloading"');
    expect(result.stdout).toMatch(/│1\. Settings +│/);
    expect(result.stdout).toMatch(/scenarios: 1 passed, 1 failed\n$/);
  });

  it('exits 2 on an invalid file, naming the file, the step and the field, and runs nothing', () => {
    const result = run('ok', 'broken.yaml');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^phone-emu: 1 problem\(s\) in the scenario files; nothing was run:\n {2}broken\.yaml: steps\[1\]\.press: "Updat" is not a key or a softkey label \(did you mean Update\?\)/);
    expect(result.stdout).not.toMatch(/PASS/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // Invalid, not failed: nothing ran, so nothing passed or failed.
    expect(result.stdout).toMatch(/\nscenarios: 1 invalid\nscenarios: 0 passed, 0 failed\n$/);
  });

  it('exits 2 on a path that does not exist or a bad option', () => {
    const missing = run('nowhere');
    expect(missing.stderr).toBe('phone-emu: no such file or folder: nowhere\n');
    expect(missing.status).toBe(2);
    expect(run('ok', '--reporter', 'xml').status).toBe(2);
    expect(run('ok', '--grep', '/(/').stderr).toMatch(/^phone-emu: --grep: "\/\(\/" is not a valid regular expression/);
    expect(run('ok', '--grep', 'nothing-matches').stderr).toBe('phone-emu: no scenario matches --grep nothing-matches\n');
  });

  it('writes a JUnit report a CI loads with --out, and still prints the human lines', () => {
    const result = run('mixed', '--reporter', 'junit', '--out', 'report.xml');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('FAIL mixed/b.yaml');
    const xml = readFileSync(join(work, 'report.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { tests: string; failures: string } };
    expect(parsed.testsuites).toMatchObject({ tests: '2', failures: '1' });
  });

  it('prints TAP and JSON to stdout when no --out is given', () => {
    const tap = run('ok', '--reporter', 'tap');
    expect(tap.status).toBe(0);
    expect(tap.stdout).toBe('TAP version 14\n1..2\nok 1 - ok/a.yaml: boots on the newest build\nok 2 - ok/b.yaml: offers the update\n# 2 passed, 0 failed, 0 invalid\n');
    const json = JSON.parse(run('ok', '--reporter', 'json').stdout) as { summary: { passed: number } };
    expect(json.summary.passed).toBe(2);
  });

  it('--grep selects scenarios by name; --trace prints each step and the screen after it', () => {
    const result = run('ok', '--grep', 'update', '--trace');
    expect(result.stdout).not.toContain('ok/a.yaml');
    expect(result.stdout).toMatch(/PASS ok\/b\.yaml[^\n]*\n {4}00:00:08 steps\[0\] \(line 5\) press: Update\n {6}┌/);
    expect(result.stdout).toContain('00:10:08 steps[1] (line 6) advance: 10m');
  });

  it('--last-failed reruns only what failed last time, and everything when nothing did', () => {
    rmSync(join(work, '.phone-emu'), { recursive: true, force: true });
    expect(run('mixed').status).toBe(1);
    expect(existsSync(join(work, '.phone-emu', 'last-run.json'))).toBe(true);
    const rerun = run('mixed', '--last-failed');
    expect(rerun.stdout).toContain('FAIL mixed/b.yaml');
    expect(rerun.stdout).not.toContain('mixed/a.yaml');
    // Fixed: the next --last-failed run finds no failure left and runs them all.
    cpSync(join(work, 'mixed', 'a.yaml'), join(work, 'mixed', 'b.yaml'));
    expect(run('mixed', '--last-failed').stdout).toContain('mixed/b.yaml');
    const all = run('mixed', '--last-failed');
    expect(all.stderr).toContain('--last-failed: no failure recorded for these files; running them all');
    expect(all.stdout).toMatch(/scenarios: 2 passed, 0 failed/);
  }, 120_000); // five runs of the CLI
});
