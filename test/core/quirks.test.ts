import { describe, expect, it } from 'vitest';
import { firmwareTraits } from '../../src/core/quirks.js';
import { profile } from '../helpers/data.js';

describe('firmware quirks, resolved from profile data', () => {
  const vvx = profile('polycom-vvx-601');

  it('gives a Polycom before 5.5.1 its Device-Lock and no Update / Postpone pop-up by default', () => {
    expect(firmwareTraits(vvx, '5.4.0.10165')).toEqual({ deviceLock: true, popUpDefault: 0 });
    expect(firmwareTraits(vvx, '5.4.0A')).toEqual({ deviceLock: true, popUpDefault: 0 });
    expect(firmwareTraits(vvx, '5.5.1.11526')).toEqual({ deviceLock: false, popUpDefault: 1 });
    expect(firmwareTraits(vvx, '5.10.0.1')).toEqual({ deviceLock: false, popUpDefault: 1 });
  });

  it('gives other vendors neither', () => {
    expect(firmwareTraits(profile('yealink-t48g'), '35.7.0.26')).toEqual({ deviceLock: false, popUpDefault: 1 });
    expect(firmwareTraits(profile('lpe-cx600'), '4.0.7577.4444')).toEqual({ deviceLock: false, popUpDefault: 1 });
  });
});
