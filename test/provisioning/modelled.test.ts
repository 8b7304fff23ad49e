import { describe, expect, it } from 'vitest';
import { mapParameters, versionInUrl } from '../../src/provisioning/modelled.js';
import { projectData } from '../helpers/data.js';

const polycom = () => projectData().provisioning.get('polycom-vvx-601')!;
const set = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([name, value], index) => [name, { value, file: 'http://10.0.0.5/site.cfg', line: index + 1 }]));

describe('mapping parameters through the vendor table', () => {
  it('leaves a value it does not know as it was, and says so with the file and line', () => {
    const mapped = mapParameters(set({ 'reg.1.label': '4001', 'lcl.ml.lang': 'Klingon', 'lync.deviceUpdate.popUpSK.enabled': 'yes' }), polycom(), () => 'http://10.0.0.5/site.cfg');
    expect(mapped.modelled).toEqual({ line1Label: '4001' });
    expect(mapped.problems).toEqual([
      { file: 'http://10.0.0.5/site.cfg', line: 2, reason: 'lcl.ml.lang="Klingon": not a value the emulator models (it knows English_United_States, English_United_Kingdom, English_Canada, Francais_France, Francais_Canada); left as it was' },
      { file: 'http://10.0.0.5/site.cfg', line: 3, reason: 'lync.deviceUpdate.popUpSK.enabled="yes": not a value the emulator models (it knows 0, 1); left as it was' },
    ]);
  });

  it('resolves a relative firmware path against the file that set it, and reads the version in its name', () => {
    const mapped = mapParameters(set({ APP_FILE_PATH: '../fw/5.9.5.0614/sip.ld' }), polycom(), () => 'http://u:p@10.0.0.5/cfg/0004f2000001.cfg');
    expect(mapped.modelled.firmwareUrl).toBe('http://u:p@10.0.0.5/fw/5.9.5.0614/sip.ld');
    expect(versionInUrl(mapped.modelled.firmwareUrl!)).toBe('5.9.5.0614');
    expect(versionInUrl('http://h/3111-48400-001.sip.ld')).toBeUndefined();
    expect(versionInUrl('http://h/%E0%A4%A/T46-28.83.0.35.rom')).toBe('28.83.0.35');
  });
});
