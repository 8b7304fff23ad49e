import { describe, expect, it } from 'vitest';
import { resolveBuild } from '../../src/core/catalog.js';
import { projectData } from '../helpers/data.js';

describe('resolveBuild', () => {
  const family = projectData().families.get('polycom-ucs')!;

  it('takes a release as Microsoft lists it (5.4.0A) for the build the catalog spells it as', () => {
    expect(resolveBuild(family, '5.4.0A')).toMatchObject({ version: '5.4.0.10165' });
    expect(resolveBuild(family, '5.4.0.10165')).toMatchObject({ version: '5.4.0.10165' });
  });

  it('still refuses a release the catalog has no build of, listing the known ones', () => {
    expect(resolveBuild(family, '5.3.0B')).toMatch(/^5\.3\.0B is not in firmware-catalog\/polycom-ucs\.yaml \(known: 5\.4\.0\.10165/);
  });
});
