import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type * as LoadData from '../../src/profiles/load-data.js';
import { packageRoot } from '../../src/profiles/paths.js';
import type * as LoadScenario from '../../src/scenario/load-scenario.js';
import type * as RunScenario from '../../src/scenario/run-scenario.js';
import type * as ScenarioThreads from '../../src/scenario/scenario-threads.js';

// The built CLI and modules (npm test builds first): worker threads run built JavaScript only.
const root = packageRoot();
const cli = join(root, 'dist', 'bundle', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'phone-emu-run-jobs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(work, path, '..'), { recursive: true });
  writeFileSync(join(work, path), text);
}
const phone = (name: string, steps: string) => `name: ${name}\ndevice: polycom-vvx-601\nsteps:\n${steps}`;
write('suite/a.yaml', phone('boots', '  - expect: { firmware: 5.9.5.0614 }\n'));
write('suite/b.yaml', 'name: updates\ndevice: polycom-vvx-601\nfirmware: 5.8.0.13337\nsteps:\n  - press: Update\n  - advance: 10m\n  - expect: { firmware: 5.9.5.0614 }\n');
write('suite/c.yaml', phone('fails', '  - press: Home\n  - expect: { screen: Downloading }\n'));
write('suite/d.yaml', 'name: a day\ndevice: yealink-t48g\nsteps:\n  - advance: 1d\n  - press: Menu\n');
write('suite/e.yaml', phone('home', '  - press: Home\n'));

/** A report with its timings and job count blanked: what must not depend on --jobs. */
function untimed(text: string): string {
  return text
    .replace(/ in \d+ ms\)/g, ' in _ ms)')
    .replace(/"wallMs": ?\d+(\.\d+)?/g, '"wallMs": _')
    .replace(/"jobs": ?\d+/g, '"jobs": _')
    .replace(/time="[\d.]+"/g, 'time="_"')
    .replace(/timestamp="[^"]*"/g, 'timestamp="_"');
}
const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'run', ...args], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('phone-emu run --jobs 2 (worker threads)', () => {
  it.each(['human', 'json', 'junit', 'tap'])('gives the %s report of --jobs 1, in the same order', { timeout: 120_000 }, (reporter) => {
    const serial = run('suite', '--jobs', '1', '--reporter', reporter);
    const parallel = run('suite', '--jobs', '2', '--reporter', reporter);
    expect(serial.status, serial.stderr).toBe(1);
    expect(parallel.status, parallel.stderr).toBe(1);
    expect(untimed(parallel.stdout)).toBe(untimed(serial.stdout));
    expect(parallel.stderr).toBe(serial.stderr);
  });

  it('reports a scenario whose worker thread dies as failed, and runs the others', { timeout: 120_000 }, async () => {
    write('crashing/a.yaml', phone('first', '  - press: Home\n'));
    write('crashing/b-crash.yaml', phone('crashes', '  - press: Home\n'));
    write('crashing/c-crash.yaml', phone('crashes too', '  - press: Home\n'));
    write('crashing/d.yaml', phone('after', '  - press: Home\n'));
    write('crashing/e.yaml', phone('last', '  - press: Home\n'));
    const built = (path: string) => import(pathToFileURL(join(root, 'dist', path)).href);
    const { runOnThreads } = (await built('src/scenario/scenario-threads.js')) as typeof ScenarioThreads;
    const { loadProjectData } = (await built('src/profiles/load-data.js')) as typeof LoadData;
    const { loadScenarioFile } = (await built('src/scenario/load-scenario.js')) as typeof LoadScenario;
    const { runScenario } = (await built('src/scenario/run-scenario.js')) as typeof RunScenario;
    const data = loadProjectData();
    const items = ['a', 'b-crash', 'c-crash', 'd', 'e'].map((name) => {
      const path = join(work, 'crashing', `${name}.yaml`);
      const loaded = loadScenarioFile(path, `crashing/${name}.yaml`, data);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      return { path, scenario: loaded.scenario, phoneNumber: 1 };
    });
    const heard: string[] = [];
    // This thread takes the first file and the two worker threads the next two, which kill them;
    // the last two go to whichever is free, new workers included.
    const results = await runOnThreads(
      items,
      3,
      (item) => runScenario(item.scenario, { data, phoneNumber: 1 }),
      (result) => heard.push(result.name),
      { data, settings: {} },
      pathToFileURL(join(root, 'dist', 'test', 'fixtures', 'crashing-scenario-worker.js')),
    );
    expect(results.map((result) => [result.name, result.status]), JSON.stringify(results.map((r) => r.failure?.message))).toEqual([
      ['first', 'passed'],
      ['crashes', 'failed'],
      ['crashes too', 'failed'],
      ['after', 'passed'],
      ['last', 'passed'],
    ]);
    expect(results[1]!.failure?.message).toMatch(/^the emulator failed: the worker thread running this scenario stopped \(the emulator fell over on crashing\/b-crash\.yaml\)$/);
    expect(heard).toEqual(['first', 'crashes', 'crashes too', 'after', 'last']);
  });
});
