import { createRequire } from 'node:module';
import { Argument, Command, Option } from 'commander';
import type { DeviceSettings } from '../core/device-profile.js';
import type { FleetCommandOptions } from './commands/fleet.js';
import type { PhoneCommandOptions } from './commands/phone.js';
import type { StartCommandOptions } from './commands/start.js';
import { locales } from '../core/messages/index.js';
import { prefixCommanderMessages, programName, reportError, reportUncaught, UsageError } from './fail.js';
import { nonNegativeInteger, parseDurationOption, parseLocale, parseMac, parsePort, parseSerial, parseServerUrl, parseSetting, positiveInteger } from './options.js';
import { closest } from '../scenario/closest.js';
import { adminTokenVariable, defaultServerUrl, type AdminTarget } from './admin-client.js';
import type { FamilyOptions, ListingOptions } from './commands/admin.js';
import type { ChartOptions } from './commands/chart.js';
import type { ServerCommandOptions } from './commands/server.js';
import type { RunCommandOptions } from './commands/run.js';
import { reporterNames } from '../scenario/reporters/names.js';
import { fleetSignInMethods } from '../fleet/sign-in-methods.js';
import { parseShard, ShardError } from '../fleet/fleet-slices.js';
import type { PcCommandOptions } from './commands/pc.js';
import { provisioningOptions } from './provisioning-option.js';
import { enableDataCache } from '../profiles/data-cache.js';
import { packageRoot } from '../profiles/paths.js';
import { join } from 'node:path';

/** Kept here so `phone-emu pc --help` needs no dynamic import. */
const pcHelp = `commands (as arguments, then one per line on stdin):
  pair                     pair with the phone (Auto mode pairs at once; Manual asks for the code)
  code <CODE>              type the pairing code the phone shows (Manual mode)
  lock | unlock            lock or unlock Windows; a paired phone follows
  call <NUMBER|UPN>        click-to-call through the phone
  sign-in <UPN> <PASSWORD> sign in from the client; the phone signs in too
  quit                     disconnect (the phone is no longer paired); as an argument, without reading stdin`;

// From the package folder, not a path relative to this file: it runs from dist/src/cli and from dist/bundle.
const { version } = createRequire(join(packageRoot(), 'package.json'))('./package.json') as { version: string };

// No default here: with --state, a locale not given on the command line is the saved one.
const localeOption = () => new Option('--locale <locale>', `screen language: ${locales.join(', ')} (default: en-US)`).argParser(parseLocale);
const phoneStateOption = () =>
  new Option('--state <file>', "keep the phone in FILE: user, PIN hashes, firmware, pairing, timers; restored from it when it exists");

function collectPolicy(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new UsageError(`--policy: "${value}" is not NAME=VALUE`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}
const tenantOption = () =>
  new Option('--tenant <file>', 'the users, licences and deployment to serve (default: tenants/contoso.yaml; see tenants/_example.yaml)');

const program = new Command(programName)
  .description('Emulates IP desk phones certified for Skype for Business, with a mock in-band update server.')
  .version(version)
  .exitOverride();

function parseShardOption(value: string) {
  try {
    return parseShard(value);
  } catch (error) {
    if (error instanceof ShardError) throw new UsageError(error.message);
    throw error;
  }
}

/** Every duration option: milliseconds or 1h30m, as scenarios write them. */
const durationNote = 'milliseconds or a duration such as 30s, 15m, 1h30m';
/** `--json` of the listings: one JSON document, its shape in the README. */
const jsonListing = () => new Option('--json', 'print one JSON document instead of the table (README: Machine-readable listings)');
/** Servers phones and PCs connect to: ws:// only. */
const wsServer = (option = '--server') => parseServerUrl(option, ['ws']);
/** `server --workers`: a process each; more than a few per core only costs memory. */
const parseServerWorkers = (value: string): number => {
  const workers = positiveInteger('--workers', value);
  if (workers > 64) throw new UsageError(`--workers: ${workers} is more than 64 processes; use at most 64 (two or three per core is plenty)`);
  return workers;
};
/** Servers the CLI reads or changes through the admin API: http:// or the same address as ws://. */
const adminServer = (option = '--server') => parseServerUrl(option, ['http', 'ws']);

const recordHelp = 'write what you do as a scenario FILE (YAML) that phone-emu run replays; x adds a checkpoint';
const recordSecretsHelp = 'with --record: write PINs and passwords in clear instead of ${NAME} references';

program
  .command('start', { isDefault: true })
  .description('pick a device and run it in the terminal against an embedded update server (npm start)')
  .addOption(localeOption())
  .addOption(tenantOption())
  .addOption(phoneStateOption())
  .addOption(new Option('--port <n>', 'port of the embedded server; 0 (the default) picks a free one').argParser(parsePort).conflicts('server'))
  .option('--server <url>', 'run the picked phone against this running server instead of an embedded one, e.g. ws://127.0.0.1:8080', wsServer())
  .addOption(provisioningOptions()[0]!)
  .addOption(provisioningOptions()[1]!)
  .option('--record <file>', recordHelp)
  .option('--record-secrets', recordSecretsHelp)
  .action(async (options: StartCommandOptions) => {
    const { startCommand } = await import('./commands/start.js');
    await startCommand(options);
  });

program
  .command('server')
  .description('run the mock in-band update server alone and print its URL')
  .option('--host <address>', 'address to bind; keep 127.0.0.1 unless phones elsewhere must reach it', '127.0.0.1')
  .option('--port <n>', 'port to listen on; 0 picks a free one', parsePort, 8080)
  .addOption(
    new Option('--deployment <mode>', "online: publish and offer; onprem: Device Update Web service rules (default: the tenant's)").choices([
      'online',
      'onprem',
    ]),
  )
  .addOption(tenantOption())
  .option('--check-interval <duration>', `how often phones check for updates, ${durationNote} (default 24h)`, parseDurationOption('--check-interval'))
  .option('--check-jitter <duration>', 'up to this much added at random to each next check, so a fleet spreads out (default 0)', parseDurationOption('--check-jitter'))
  .option('--inactivity <duration>', 'idle time before an unanswered offer installs by itself (default 1h)', parseDurationOption('--inactivity'))
  .option('--policy <name=value>', 'a policy at start, e.g. EnableDeviceUpdate=false (repeatable)', parseSetting, {} as DeviceSettings)
  .option('--admin-token <token>', 'require this bearer token on the admin API (needed when --host is not loopback)')
  .option('--state <file>', 'keep tenant, policies, builds, rules, test devices and device list in FILE; restored from it when it exists')
  .option('--drop-bad-records', 'start even when test devices or users of the --state file cannot be read back: drop them and list them')
  .option('--workers <n>', "processes holding the phones' sockets, each up to 16,000 (default 1: this process)", parseServerWorkers, 1)
  .option('--workers-after <n>', 'with --workers: phones this process serves itself before the workers take the rest (default 12000; 0: the workers take every one)', (value) =>
    nonNegativeInteger('--workers-after', value),
  )
  .action(async (options: ServerCommandOptions) => {
    const { serverCommand } = await import('./commands/server.js');
    await serverCommand(options);
  });

program
  .command('phone')
  .description('run one phone in the terminal against a running update server')
  .option('--device <id>', 'device profile id, e.g. polycom-vvx-601 (see phone-emu devices); not needed with a saved --state')
  .requiredOption('--server <url>', 'the update server, e.g. ws://127.0.0.1:8080', wsServer())
  .option('--firmware <version>', 'the build the phone runs at start, or "latest" (default: the one before the newest, so an update is offered)')
  .option('--mac <address>', "the phone's MAC address (default: a random one under the vendor's prefix, kept in --state)", parseMac)
  .option('--serial <number>', "the phone's serial number (default: its MAC's digits)", parseSerial)
  .addOption(localeOption())
  .addOption(phoneStateOption())
  .option('--setting <name=value>', "a device parameter, e.g. lync.deviceUpdate.popUpSK.enabled=0 (repeatable)", parseSetting, {} as DeviceSettings)
  .option('--admin-token <token>', `the server's admin token, for the ring key i (or $${adminTokenVariable})`)
  .addOption(provisioningOptions()[0]!)
  .addOption(provisioningOptions()[1]!)
  .option('--record <file>', recordHelp)
  .option('--record-secrets', recordSecretsHelp)
  .action(async (options: PhoneCommandOptions) => {
    const { phoneCommand } = await import('./commands/phone.js');
    await phoneCommand(options);
  });

program
  .command('pc')
  .description('an emulated Windows PC with the BToE app, cabled to a phone of a running server: pair, lock sync, click-to-call, sign in')
  .requiredOption('--server <url>', 'the update server, e.g. ws://127.0.0.1:8080', wsServer())
  .requiredOption('--phone <mac>', "the phone's MAC address (Settings > Status > Platform > Phone on a VVX; phone-emu devices --server)")
  .addOption(new Option('--os <os>', 'what the PC runs: BToE pairs Windows only').choices(['windows', 'mac', 'vdi']).default('windows'))
  .option('--usb', 'tethered by USB (how a Lync Phone Edition phone signs in Online) instead of BToE')
  .option('--pc-port <key>', "the phone's PC port key (default: the one its phone-emu process on this machine wrote; see docs/protocol.md)")
  .argument('[commands...]', 'commands run first, e.g. pair lock')
  .addHelpText('after', () => `\n${pcHelp}`)
  .action(async (commands: string[], options: PcCommandOptions) => {
    const { pcCommand } = await import('./commands/pc.js');
    await pcCommand(commands, options);
  });

const fleet = program
  .command('fleet')
  .description('run many headless phones against one server: a rollout, sign-in waves, with progress and a summary')
  .option('--count <n>', 'how many phones', (value) => positiveInteger('--count', value), 100)
  .option('--devices <mix>', 'models and shares, e.g. polycom-vvx-601:50%,yealink-t48g:50% (default: every model, evenly)')
  .option('--server <url>', 'a running update server, e.g. ws://127.0.0.1:8080 (default: an embedded one)', wsServer())
  .option('--rollout <version>', 'publish VERSION (approved too on-premises), or "latest" (the newest build the server offers each model); run until every phone is on it')
  .addOption(
    new Option('--policy <name=value>', 'set a policy on the server first, e.g. EnableDeviceUpdate=True (repeatable)')
      .argParser(collectPolicy)
      .default({}, 'none'),
  )
  .option('--admin-token <token>', `the server's admin token (or $${adminTokenVariable})`)
  .addOption(
    new Option('--signin <method>', "sign every phone in as the tenant's Phone System users, in turn, in waves").choices(fleetSignInMethods),
  )
  .option('--signin-wave <n>', 'phones that begin signing in together', (value) => positiveInteger('--signin-wave', value), 500)
  .option('--signin-every <duration>', `virtual time between sign-in waves, ${durationNote}`, parseDurationOption('--signin-every'), 60_000)
  .option('--calls', 'with --signin: the signed-in phones call each other in pairs (phone 2k dials the extension of phone 2k+1\'s user), counted connected or refused', false)
  .addOption(
    new Option('--tenant <file>', 'the users --signin signs in as, and the users of the embedded server (default: tenants/contoso.yaml)'),
  )
  .option('--json', 'print the summary as one JSON object on the last line', false)
  .addOption(provisioningOptions()[0]!)
  .addOption(provisioningOptions()[1]!)
  .option('--workers <n>', 'processes to split the fleet into, each with its own MAC range (default: as few as the open-files limit allows)', (value) =>
    positiveInteger('--workers', value),
  )
  .option('--shard <i/n>', 'run only the i-th of n slices of the fleet (same MACs as the whole); join the --json summaries with fleet merge', parseShardOption)
  .action(async (options: FleetCommandOptions) => {
    const { fleetCommand } = await import('./commands/fleet.js');
    await fleetCommand(options);
  });
fleet
  .command('merge')
  .description("join the --json summaries of a fleet's shards (fleet --shard I/N --json > FILE) into one summary")
  .argument('<files...>', 'one summary file per shard, every shard once')
  .option('--json', 'print the merged summary as one JSON object', false)
  .action(async (files: string[], options: { json: boolean }) => {
    const { fleetMergeCommand } = await import('./commands/fleet-merge.js');
    // `fleet` has a --json of its own, which Commander gives the parent wherever it stands.
    fleetMergeCommand(files, { json: options.json || (fleet.opts<{ json?: boolean }>().json ?? false) });
  });

program
  .command('run')
  .description('run YAML scenarios headless (README: Writing a scenario); exit 0 all pass, 1 any fails, 2 a file is invalid')
  .argument('<paths...>', 'scenario files, or folders searched for *.yaml')
  .addOption(new Option('--reporter <name>', 'report format').choices(reporterNames).default('human'))
  .option('--out <file>', 'write the report to FILE; the human lines still go to the terminal')
  .option('--grep <text>', 'run only scenarios whose name or file contains TEXT, or matches /REGEX/flags')
  .option('--last-failed', 'rerun only the scenarios that failed last time (all of them if none did)')
  .option('--trace', 'print every step with the screen after it')
  .option('--server <url>', 'run every phone against this server instead of one in-process server per scenario', wsServer())
  .option('--admin-token <token>', `that server's admin token, for policy: and server: steps (or $${adminTokenVariable})`)
  .option('--jobs <n>', 'scenarios run at once (default: the number of cores)', (value) => positiveInteger('--jobs', value))
  .action(async (paths: string[], options: RunCommandOptions) => {
    const { runCommand } = await import('./commands/run.js');
    await runCommand(paths, options);
  });

program
  .command('devices')
  .description('list every device profile; with --server, the phones a running server knows (model, firmware, user, state, warnings)')
  .option('--server <url>', 'a running update server, e.g. http://127.0.0.1:8080', adminServer())
  .option('--admin-token <token>', `the server's admin token (or $${adminTokenVariable})`)
  .addOption(jsonListing())
  .action(async (options: Partial<AdminTarget> & { json?: boolean }) => {
    if (options.server === undefined) return (await import('./commands/data.js')).devicesCommand({ json: options.json });
    const { server, adminToken, json } = options;
    return (await import('./commands/admin.js')).serverDevicesCommand({ server, adminToken, json });
  });

/** The options of every command that talks to a running server's admin API. */
const adminCommand = (command: Command) =>
  command
    .option('--server <url>', 'the update server', adminServer(), defaultServerUrl)
    .option('--admin-token <token>', `the server's admin token (or $${adminTokenVariable})`);
const familyOptions = (command: Command) =>
  adminCommand(command)
    .option('--family <name>', 'the firmware family (see phone-emu firmware list)')
    .option('--device <id>', 'the family of this device profile');

const policy = program.command('policy').description('read or change the in-band policies of a running server (Set-CsIPPhonePolicy, Set-CsUCPhoneConfiguration, DisableHandsetOnLockedMachine of Set-CsClientPolicy)');
adminCommand(policy.command('get').argument('[name]', 'one policy; omitted, all of them').description('show policies, their values and defaults'))
  .addOption(jsonListing())
  .action(async (name: string | undefined, options: AdminTarget & ListingOptions) => (await import('./commands/admin.js')).policyGetCommand(name, options));
adminCommand(
  policy
    .command('set')
    .argument('<name>', 'a policy name, e.g. EnableDeviceUpdate')
    .argument('<value>', 'True/False, a number, hh:mm:ss for time spans, or text')
    .description('change a policy; connected phones get it in-band at once'),
).action(async (name: string, value: string, options: AdminTarget) =>
  (await import('./commands/admin.js')).policySetCommand(name, value, options),
);

const firmware = program.command('firmware').description('publish builds (Online) or manage device update rules (on-premises)');
familyOptions(firmware.command('list').description('every build with its state: published, approved, pending, restore point'))
  .addOption(jsonListing())
  .action(async (options: FamilyOptions & ListingOptions) => (await import('./commands/admin.js')).firmwareListCommand(options));
for (const [action, description] of [
  ['publish', 'offer a certified build of the catalog: at once Online, as Pending (test devices only) on-premises'],
  ['approve', 'approve the pending build: every phone of the family gets it (Approve-CsDeviceUpdateRule)'],
  ['reset', 'reject the pending build (Reset-CsDeviceUpdateRule)'],
  ['restore', 'go back to the previous approved build (Restore-CsDeviceUpdateRule)'],
] as const) {
  const command = firmware.command(action).description(description);
  if (action === 'publish') command.argument('<version>', 'a version in firmware-catalog/');
  if (action === 'approve') command.argument('[version]', 'the pending version, as a check');
  familyOptions(command).action(async (...args: unknown[]) => {
    const withVersion = action === 'publish' || action === 'approve';
    const version = withVersion ? (args[0] as string | undefined) : undefined;
    const options = (withVersion ? args[1] : args[0]) as FamilyOptions;
    await (await import('./commands/admin.js')).firmwareActionCommand(action, version, options);
  });
}

const testDevice = program.command('test-device').description('test devices get pending builds on-premises (New-CsTestDevice)');
adminCommand(
  testDevice
    .command('add')
    .description('make a phone a test device, by MAC address or serial number')
    .option('--mac <address>', 'e.g. 00:04:F2:00:00:01, 00-04-F2-00-00-01 or 0004F2000001')
    .option('--serial <number>', 'letters, digits, hyphens and underscores')
    .option('--name <name>', 'a name for it (default: the identifier)'),
).action(async (options: AdminTarget & { mac?: string; serial?: string; name?: string }) =>
  (await import('./commands/admin.js')).testDeviceAddCommand(options),
);
adminCommand(testDevice.command('list').description('the test devices'))
  .addOption(jsonListing())
  .action(async (options: AdminTarget & ListingOptions) => (await import('./commands/admin.js')).testDeviceListCommand(options));

const provisioning = program.command('provisioning').description('make the server also act as a third-party provisioning server (the update-loop case)');
familyOptions(provisioning.command('set').argument('<version>', 'the build it pushes').description('push a build as a third-party provisioning server'))
  .action(async (version: string, options: FamilyOptions) => (await import('./commands/admin.js')).provisioningCommand(version, options));
familyOptions(provisioning.command('off').description('stop pushing firmware as a provisioning server'))
  .action(async (options: FamilyOptions) => (await import('./commands/admin.js')).provisioningCommand(null, options));

adminCommand(
  program
    .command('fault')
    .description('break firmware downloads on purpose, to see how phones cope')
    .argument('<what>', 'download')
    .addArgument(new Argument('<how>', 'cut halfway, corrupt a byte, serve an unbootable image, or none').choices(['cut', 'corrupt', 'unbootable', 'none'])),
).action(async (what: string, how: string, options: AdminTarget) => {
  if (what !== 'download') throw new UsageError(`fault: "${what}" is not a fault target; use: phone-emu fault download ${how}`);
  await (await import('./commands/admin.js')).faultCommand(how, options);
});

program
  .command('chart')
  .description("print a device's state chart as Mermaid (stateDiagram-v2), for docs and training")
  // DEVICE is required but with --list: the usage says so, as the argument itself cannot.
  .usage('[options] <device> | --list [device] [--json]')
  .argument('[device]', 'device profile id, e.g. yealink-t48g (see phone-emu devices); needed but with --list')
  .option('--firmware <version>', 'the build whose delays and behaviour the chart shows (default: the newest certified)')
  .option('--region <name>', 'one region as one diagram: update, signIn, lock, call, pairing, ui, connection, notice')
  .option('--all', 'the whole chart as one diagram (default: every region, as a Markdown page of diagrams)')
  .option('--list', 'list the regions of every device (or of DEVICE) and the build drawn by default, instead of drawing')
  .addOption(jsonListing())
  .action(async (device: string | undefined, options: ChartOptions) =>
    (await import('./commands/chart.js')).chartCommand(device, options),
  );

program
  .command('check-data')
  .description('validate devices/ and firmware-catalog/, naming the file and field of each problem')
  .argument('[dir]', 'the folder holding devices/ and firmware-catalog/ (default: this package)')
  .action(async (dir?: string) => (await import('./commands/data.js')).checkDataCommand(dir));

prefixCommanderMessages(program);
process.on('uncaughtException', reportUncaught);
process.on('unhandledRejection', reportUncaught);
// The validated data of the last start, reused while its files are unchanged (README: Start-up cache).
enableDataCache();
// React's production build for the terminal UI (read when start or phone first imports it): the
// development build checks every render and took most of a keypress's time.
process.env['NODE_ENV'] ??= 'production';

/**
 * `start` is the default command, so commander would take a mistyped command for its
 * argument: a first word that is no command is refused, with the nearest one.
 */
function refuseUnknownCommand(args: readonly string[]): void {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return;
  const names = [...program.commands.map((command) => command.name()), 'help'];
  if (names.includes(first)) return;
  const nearest = closest(first, names);
  program.error(`unknown command '${first}'${nearest ? `; did you mean ${nearest}?` : `; the commands are ${names.join(', ')}`}`, {
    exitCode: 2,
    code: 'commander.unknownCommand',
  });
}

// No top-level await: the bundle runs this file as a CommonJS script (src/cli/launch.ts).
try {
  refuseUnknownCommand(process.argv.slice(2));
  program.parseAsync(process.argv).catch(reportError);
} catch (error) {
  reportError(error);
}
