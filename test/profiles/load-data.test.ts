import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/profiles/data-error.js';
import { loadProjectData } from '../../src/profiles/load-data.js';
import { packageRoot } from '../../src/profiles/paths.js';

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the repository's data with one file edited. */
function dataWith(file: string, edit: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'phone-emu-data-'));
  copies.push(root);
  for (const dir of ['devices', 'firmware-catalog']) cpSync(join(packageRoot(), dir), join(root, dir), { recursive: true });
  writeFileSync(join(root, file), edit(readFileSync(join(root, file), 'utf8')));
  return root;
}

function problemsOf(root: string): string[] {
  try {
    loadProjectData(root);
  } catch (error) {
    if (error instanceof DataError) return error.message.split('\n');
    throw error;
  }
  return [];
}

const vvx = 'devices/polycom/vvx-601.yaml';
const ucs = 'firmware-catalog/polycom-ucs.yaml';

describe('loading devices/ and firmware-catalog/', () => {
  it('loads the repository data, example files included in validation', () => {
    const data = loadProjectData();
    expect(data.profiles.get('polycom-vvx-601')?.firmwarePath).toEqual(['settings', 'status', 'platform', 'application', 'main']);
    expect(data.families.get('polycom-ucs')?.builds.length).toBeGreaterThan(1);
  });

  it.each([
    ['a field of the wrong type', vvx, (t: string) => t.replace('rows: 9', 'rows: nine'), `${vvx}: display.rows: `],
    ['a value out of range', vvx, (t: string) => t.replace('columns: 40', 'columns: 400'), `${vvx}: display.columns: `],
    ['an unknown field', vvx, (t: string) => `${t}\ncolour: blue\n`, `${vvx}: colour: unknown field`],
    ['an unknown family', vvx, (t: string) => t.replace('firmwareFamily: polycom-ucs', 'firmwareFamily: polycom-x'), `${vvx}: firmwareFamily: "polycom-x" is not in firmware-catalog/`],
    ['a firmware path that leads nowhere', vvx, (t: string) => t.replace('firmwarePath: [settings, status', 'firmwarePath: [status, settings'), `${vvx}: firmwarePath: `],
    ['a menu id with no message', vvx, (t: string) => t.replace('{ id: basic,', '{ id: gadgets,'), `${vvx}: menu (settings > gadgets): no message "menu.gadgets"`],
    ['an id that does not match the file', vvx, (t: string) => t.replace('id: polycom-vvx-601', 'id: polycom-vvx-600'), `${vvx}: id: "polycom-vvx-600" must be "polycom-vvx-601"`],
    ['a YAML syntax error', vvx, (t: string) => t.replace('lineKeys: 16', 'lineKeys: [16'), `${vvx}: line `],
    ['a version outside the vendor scheme', ucs, (t: string) => t.replace('version: 5.6.0.17325', 'version: five'), `${ucs}: builds[2].version: "five" is not a polycom version`],
    ['a wrong sha256', ucs, (t: string) => t.replace('sha256: 34a2', 'sha256: 44a2'), `${ucs}: builds[2].sha256: does not match the image`],
    ['a duplicate build', ucs, (t: string) => t.replace('version: 5.6.0.17325', 'version: 5.5.1.11526'), `${ucs}: builds[2].version: 5.5.1.11526 is listed twice`],
    ['a bad release date', ucs, (t: string) => t.replace('released: 2017-06-20', 'released: 2017-13-45'), `${ucs}: builds[2].released: `],
  ])('refuses %s, naming the file and the field', (_name, file, edit, expected) => {
    const problems = problemsOf(dataWith(file, edit));
    expect(problems.some((line) => line.startsWith(expected)), problems.join('\n')).toBe(true);
  });

  it('reports every problem at once', () => {
    const root = dataWith(vvx, (t) => t.replace('rows: 9', 'rows: 0').replace('softkeys: 4', 'softkeys: 40'));
    expect(problemsOf(root).filter((line) => line.startsWith(vvx))).toHaveLength(2);
  });
});
