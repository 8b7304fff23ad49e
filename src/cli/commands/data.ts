import { resolve } from 'node:path';
import { certifiedBuildsFor } from '../../core/catalog.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { loadTenant, tenantFiles } from '../../profiles/load-tenant.js';
import { printTable } from '../table.js';

/** `phone-emu check-data`: validates devices/ and firmware-catalog/; a DataError names each problem. */
export function checkDataCommand(dir?: string): void {
  const data = loadProjectData(dir === undefined ? undefined : resolve(dir));
  const builds = [...data.families.values()].reduce((sum, family) => sum + family.builds.length, 0);
  const tenants = tenantFiles(data.root);
  for (const file of tenants) loadTenant(file);
  console.log(`ok: ${data.profiles.size} device profile(s), ${data.families.size} firmware families, ${builds} builds, ${tenants.length} tenant file(s)`);
}

/** `phone-emu devices`: every profile with what a user picks it by. */
export function devicesCommand(): void {
  const data = loadProjectData();
  const rows = [...data.profiles.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((profile) => {
      const family = data.families.get(profile.firmwareFamily)!;
      const newest = certifiedBuildsFor(family, profile).at(-1)?.version ?? '-';
      return [
        profile.id,
        `${profile.manufacturer} ${profile.model}`,
        profile.vendor,
        `${family.family} (newest ${newest})`,
        profile.signIn.online.join(','),
        profile.signIn.onprem.join(','),
      ];
    });
  printTable(['ID', 'MODEL', 'VENDOR', 'FIRMWARE FAMILY', 'SIGN-IN ONLINE', 'SIGN-IN ON-PREM'], rows);
}
