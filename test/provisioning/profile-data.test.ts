import { describe, expect, it } from 'vitest';
import { loadProjectData } from '../../src/profiles/load-data.js';
import { dataCopiesRemovedAfterEach, problemsOf } from '../helpers/data-copies.js';

const dataWith = dataCopiesRemovedAfterEach();
const problemsWith = (file: string, edit: (text: string) => string): string[] => problemsOf(dataWith(file, edit));

describe('the provisioning field of the device profiles', () => {
  it('holds each vendor table and each Yealink model common file code', () => {
    const data = loadProjectData();
    expect(data.provisioning.get('yealink-t46g')).toMatchObject({ format: 'yealink', commonFileCode: '28', precedence: 'inBand', skipUnchangedFiles: true });
    expect(data.provisioning.get('polycom-vvx-601')?.parameters['lync.deviceUpdate.popUpSK.enabled']).toEqual({ setting: 'updatePopUp' });
    expect(data.provisioning.get('polycom-vvx-601')?.precedence).toBe('provisioningFile');
    expect(data.provisioning.get('audiocodes-430hd')?.parameters['system/pin_lock/enabled']).toEqual({ setting: 'phoneLockEnabled' });
    expect(data.provisioning.get('lpe-cx600')?.format).toBe('none');
    expect([...data.profiles.keys()].every((id) => data.provisioning.has(id))).toBe(true);
  });

  it('names the vendor file and the field for a mistake in the vendor table', () => {
    expect(problemsWith('devices/yealink/_vendor.yaml', (text) => text.replace('French: fr-FR', 'French: fr-CA'))).toContain(
      'devices/yealink/_vendor.yaml: provisioning.parameters.lang.gui.values.French: "fr-CA" is not a locale of the emulator (en-US, fr-FR)',
    );
    expect(problemsWith('devices/polycom/_vendor.yaml', (text) => text.replace('{ setting: line1Label }', '{ setting: line2Label }'))[0]).toMatch(
      /^devices\/polycom\/_vendor\.yaml: provisioning\.parameters\.reg\.1\.label\.setting: /,
    );
  });

  it('names the model file for a mistake in its own provisioning field', () => {
    expect(problemsWith('devices/yealink/t48g.yaml', (text) => text.replace('commonFileCode: "35"', 'commonFileCode: "350"'))).toEqual([
      'devices/yealink/t48g.yaml: provisioning.commonFileCode: two digits, e.g. "28"',
    ]);
    expect(problemsWith('devices/yealink/t48g.yaml', (text) => text.replace('commonFileCode: "35"', 'commonFileCod: "35"'))).toEqual([
      'devices/yealink/t48g.yaml: provisioning.commonFileCod: unknown field (a typo?)',
      'devices/yealink/t48g.yaml: provisioning.commonFileCode: a Yealink model needs its common file code (y0000000000XX.cfg)',
    ]);
  });
});
