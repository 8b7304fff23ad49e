import { loadProjectData } from '../../profiles/load-data.js';
import { vendorChart } from '../../vendors/chart.js';
import { findProfile, startingFirmware } from '../options.js';

/** `phone-emu chart DEVICE`: the model's state chart as Mermaid, on stdout. */
export function chartCommand(device: string, options: { readonly firmware?: string }): void {
  const data = loadProjectData();
  const profile = findProfile(data, device, 'chart');
  process.stdout.write(vendorChart(profile, startingFirmware(data, profile, options.firmware ?? 'latest')));
}
