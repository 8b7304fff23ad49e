import { loadProjectData } from '../../profiles/load-data.js';
import { vendorChart, vendorChartRegions } from '../../core/model-chart.js';
import { UsageError } from '../fail.js';
import { findProfile, startingFirmware } from '../options.js';

export interface ChartOptions {
  readonly firmware?: string;
  /** One region of the running phone: one diagram. */
  readonly region?: string;
  /** The whole chart as one diagram. */
  readonly all?: boolean;
}

/**
 * `phone-emu chart DEVICE`: the model's state chart as Mermaid, on stdout. One region is one
 * diagram (`--region`), `--all` the whole chart in one; by default every region, each in a
 * ```mermaid block of a Markdown page (GitHub draws them).
 */
export function chartCommand(device: string, options: ChartOptions): void {
  const data = loadProjectData();
  const profile = findProfile(data, device, 'chart');
  const firmware = startingFirmware(data, profile, options.firmware ?? 'latest');
  const regions = vendorChartRegions(profile);
  if (options.region !== undefined && options.all) throw new UsageError('chart: --region and --all draw different diagrams; give one of them');
  if (options.region !== undefined && !regions.includes(options.region)) {
    throw new UsageError(`chart: --region: "${options.region}" is not a region of the chart; the regions are ${regions.join(', ')}`);
  }
  if (options.all || options.region !== undefined) {
    process.stdout.write(vendorChart(profile, firmware, options.region === undefined ? {} : { region: options.region }));
    return;
  }
  const sections = regions.map((region) => `## ${region}\n\n\`\`\`mermaid\n${vendorChart(profile, firmware, { region })}\`\`\`\n`);
  process.stdout.write(`# ${profile.manufacturer} ${profile.model} (${profile.id}, firmware ${firmware})\n\n${sections.join('\n')}`);
}
