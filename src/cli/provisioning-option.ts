import { Option } from 'commander';
import type { ProjectData } from '../profiles/load-data.js';
import type { ProvisioningSource } from '../phone/provisioning-boot.js';
import { parseServerUrl } from './options.js';

/** `--provisioning URL` and `--provisioning-insecure`: the provisioning server a phone reads at boot, standing in for DHCP option 66/160. */
export interface ProvisioningOptions {
  readonly provisioning?: string;
  readonly provisioningInsecure?: boolean;
}

export const provisioningOptions = (): Option[] => [
  new Option(
    '--provisioning <url>',
    'a third-party provisioning server the phone reads its vendor files from at every boot, e.g. http://10.0.0.5/provisioning/ (DHCP option 66/160); user:password@ for Basic auth',
  ).argParser(parseServerUrl('--provisioning', ['http'])),
  new Option('--provisioning-insecure', 'accept a self-signed HTTPS certificate from the --provisioning server'),
];

/** What the phone of `profileId` reads, or undefined without --provisioning. */
export function provisioningSource(data: ProjectData, profileId: string, options: ProvisioningOptions): ProvisioningSource | undefined {
  const provisioning = data.provisioning.get(profileId);
  if (options.provisioning === undefined || provisioning === undefined) return undefined;
  return { url: options.provisioning, insecure: options.provisioningInsecure === true, data: provisioning };
}
