import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario } from '../../src/scenario/load-scenario.js';
import { projectData } from '../helpers/data.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const head = 'name: n\ndevice: yealink-t46g\n';
const steps = 'steps:\n  - advance: 1m\n';

describe('the provisioning: key of a scenario', () => {
  it('takes a URL, or { files: DIR } read beside the scenario file', () => {
    const url = parseScenario(`${head}provisioning: http://10.0.0.5/prov/\n${steps}`, 's.yaml', projectData());
    expect(url.ok && url.scenario.provisioning).toEqual({ url: 'http://10.0.0.5/prov/' });
    const dir = mkdtempSync(join(tmpdir(), 'phone-emu-provkey-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'files'));
    writeFileSync(join(dir, 's.yaml'), `${head}provisioning: { files: files }\n${steps}`);
    const files = loadScenarioFile(join(dir, 's.yaml'), 's.yaml', projectData());
    expect(files.ok && files.scenario.provisioning).toEqual({ files: join(dir, 'files') });
  });

  it('refuses a URL that is not http(s) and a folder that is not there, naming the field', () => {
    const ftp = parseScenario(`${head}provisioning: ftp://10.0.0.5/\n${steps}`, 's.yaml', projectData());
    expect(ftp.ok).toBe(false);
    expect(!ftp.ok && ftp.problems[0]).toMatchObject({ field: 'provisioning', line: 3 });
    const dir = mkdtempSync(join(tmpdir(), 'phone-emu-provkey-'));
    dirs.push(dir);
    writeFileSync(join(dir, 's.yaml'), `${head}provisioning: { files: nowhere }\n${steps}`);
    const missing = loadScenarioFile(join(dir, 's.yaml'), 's.yaml', projectData());
    expect(!missing.ok && missing.problems[0]).toMatchObject({ field: 'provisioning.files', problem: expect.stringMatching(/nowhere is not a folder beside the scenario/) });
  });
});
