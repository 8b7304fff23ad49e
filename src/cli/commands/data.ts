import { resolve } from 'node:path';
import { certifiedBuildsFor } from '../../core/catalog.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { loadTenant, tenantFiles } from '../../profiles/load-tenant.js';
import { printListing, type ListingRow } from '../listings.js';

/** `phone-emu check-data`: validates devices/ and firmware-catalog/; a DataError names each problem. */
export function checkDataCommand(dir?: string): void {
  const data = loadProjectData(dir === undefined ? undefined : resolve(dir));
  const builds = [...data.families.values()].reduce((sum, family) => sum + family.builds.length, 0);
  const tenants = tenantFiles(data.root);
  for (const file of tenants) loadTenant(file);
  console.log(`ok: ${data.profiles.size} device profile(s), ${data.families.size} firmware families, ${builds} builds, ${tenants.length} tenant file(s)`);
}

/** `phone-emu devices [--json]`: every profile with what a user picks it by. */
export function devicesCommand(options: { readonly json?: boolean } = {}): void {
  const data = loadProjectData();
  const rows = [...data.profiles.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((profile): ListingRow<'devices'> => {
      const family = data.families.get(profile.firmwareFamily)!;
      return {
        id: profile.id,
        manufacturer: profile.manufacturer,
        model: profile.model,
        vendor: profile.vendor,
        firmwareFamily: family.family,
        newestFirmware: certifiedBuildsFor(family, profile).at(-1)?.version ?? null,
        signIn: { online: [...profile.signIn.online], onprem: [...profile.signIn.onprem] },
      };
    });
  printListing('devices', rows, { json: options.json });
}
