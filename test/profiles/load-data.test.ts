import { describe, expect, it } from 'vitest';
import { loadProjectData } from '../../src/profiles/load-data.js';
import { dataCopiesRemovedAfterEach, problemsOf } from '../helpers/data-copies.js';

/** A copy of the repository's data with one file edited. */
const dataWith = dataCopiesRemovedAfterEach();

const vvx = 'devices/polycom/vvx-601.yaml';
const polycom = 'devices/polycom/_vendor.yaml';
const yealink = 'devices/yealink/_vendor.yaml';
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
    ['an unknown family', polycom, (t: string) => t.replace('firmwareFamily: polycom-ucs', 'firmwareFamily: polycom-x'), `${polycom}: firmwareFamily: "polycom-x" is not in firmware-catalog/`],
    ['a family of another vendor', vvx, (t: string) => `${t}firmwareFamily: lpe\n`, `${vvx}: firmwareFamily: "lpe" is a lpe family, not polycom`],
    ['a firmware path that leads nowhere', polycom, (t: string) => t.replace('firmwarePath: [settings, status', 'firmwarePath: [status, settings'), `${polycom}: firmwarePath: `],
    ['a menu id with no message', polycom, (t: string) => t.replace('{ id: basic,', '{ id: gadgets,'), `${polycom}: menu (settings > gadgets): no message "menu.gadgets"`],
    ['a typo in a vendor template', polycom, (t: string) => t.replace('menuKeys:', 'menuKey:'), `${polycom}: menuKey: unknown field`],
    ['an idle softkey that opens nothing', yealink, (t: string) => t.replace('opens: [status]', 'opens: [state]'), `${yealink}: idleSoftkeys[0].opens: state is not a node of menu`],
    ['an idle softkey with no label', yealink, (t: string) => t.replace('{ id: status, opens', '{ id: stats, opens'), `${yealink}: idleSoftkeys[0].id: no message "softkey.stats"`],
    ['no way into the menu', yealink, (t: string) => t.replace(/idleSoftkeys:\n(  [-#].*\n)+/, ''), `${yealink}: menuKeys: nothing opens the menu`],
    ['a quirk version outside the scheme', polycom, (t: string) => t.replace('deviceLockBefore: 5.5.1', 'deviceLockBefore: soon'), `${polycom}: quirks.deviceLockBefore: "soon" is not a polycom version`],
    ['an id that does not match the file', vvx, (t: string) => t.replace('id: polycom-vvx-601', 'id: polycom-vvx-600'), `${vvx}: id: "polycom-vvx-600" must be "polycom-vvx-601"`],
    ['a YAML syntax error', vvx, (t: string) => t.replace('lineKeys: 16', 'lineKeys: [16'), `${vvx}: line `],
    ['a version outside the vendor scheme', ucs, (t: string) => t.replace('version: 5.6.0.17325', 'version: five'), `${ucs}: builds[2].version: "five" is not a polycom version`],
    ['a wrong sha256', ucs, (t: string) => t.replace('sha256: 34a2', 'sha256: 44a2'), `${ucs}: builds[2].sha256: does not match the image`],
    ['a build of another Yealink line', 'firmware-catalog/yealink-t48g.yaml', (t: string) => t.replace('version: 35.9.0.31', 'version: 28.9.0.31'), 'firmware-catalog/yealink-t48g.yaml: builds[3].version: 28.9.0.31 is not on the line of onlineMinimum 35.8.1.52'],
    ['a duplicate build', ucs, (t: string) => t.replace('version: 5.6.0.17325', 'version: 5.5.1.11526'), `${ucs}: builds[2].version: 5.5.1.11526 is listed twice`],
    ['a bad release date', ucs, (t: string) => t.replace('released: 2017-06-20', 'released: 2017-13-45'), `${ucs}: builds[2].released: `],
  ])('refuses %s, naming the file and the field', (_name, file, edit, expected) => {
    const problems = problemsOf(dataWith(file, edit));
    expect(problems.some((line) => line.startsWith(expected)), problems.join('\n')).toBe(true);
  });

  it('reports every problem at once', () => {
    const root = dataWith(vvx, (t) => t.replace('rows: 9', 'rows: 0').replace('lineKeys: 16', 'lineKeys: 400'));
    expect(problemsOf(root).filter((line) => line.startsWith(vvx))).toHaveLength(2);
  });

  it('merges each vendor template under its models: a model overrides, a template problem is named once', () => {
    const data = loadProjectData();
    expect(data.profiles.get('polycom-vvx-1500')).toMatchObject({ manufacturer: 'Polycom', softkeys: 5, menuKeys: ['Home', 'Menu'] });
    expect(data.profiles.get('polycom-vvx-601')).toMatchObject({ softkeys: 4, menuKeys: ['Home'], display: { columns: 40 } });
    const problems = problemsOf(dataWith(polycom, (t) => t.replace('softkeys: 4', 'softkeys: four')));
    expect(problems).toEqual([`${polycom}: softkeys: Invalid input: expected number, received string`]);
  });
});
