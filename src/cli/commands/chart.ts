import { loadProjectData } from '../../profiles/load-data.js';
import { vendorChart, vendorChartRegions } from '../../core/model-chart.js';
import { UsageError } from '../fail.js';
import { printListing } from '../listings.js';
import { findProfile, startingFirmware } from '../options.js';

export interface ChartOptions {
  readonly firmware?: string;
  /** One region of the running phone: one diagram. */
  readonly region?: string;
  /** The whole chart as one diagram. */
  readonly all?: boolean;
  /** List the regions each device's chart has, instead of drawing. */
  readonly list?: boolean;
  /** With `list`: one JSON document. */
  readonly json?: boolean;
}

/**
 * `phone-emu chart DEVICE`: the model's state chart as Mermaid, on stdout. One region is one
 * diagram (`--region`), `--all` the whole chart in one; by default every region, each in a
 * ```mermaid block of a Markdown page (GitHub draws them).
 */
export function chartCommand(device: string | undefined, options: ChartOptions): void {
  if (options.list) return listCharts(device, options);
  if (options.json) throw new UsageError('chart: --json goes with --list; a chart itself is Mermaid text');
  if (device === undefined) throw new UsageError("chart: missing required argument 'device'; phone-emu chart --list lists the devices and their regions");
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

/** `phone-emu chart --list [DEVICE]`: the regions `--region` takes, per device, and the build drawn by default. */
function listCharts(device: string | undefined, options: ChartOptions): void {
  const given = (['region', 'all', 'firmware'] as const).find((option) => options[option] !== undefined && options[option] !== false);
  if (given !== undefined) throw new UsageError(`chart: --list lists the regions, --${given} draws a chart; give one of them`);
  const data = loadProjectData();
  const profiles = device === undefined ? [...data.profiles.values()].sort((a, b) => a.id.localeCompare(b.id)) : [findProfile(data, device, 'chart')];
  const rows = profiles.map((profile) => ({
    device: profile.id,
    firmware: startingFirmware(data, profile, 'latest'),
    regions: vendorChartRegions(profile),
  }));
  printListing('charts', rows, { json: options.json });
}
