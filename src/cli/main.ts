#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import type { DeviceSettings } from '../core/device-profile.js';
import type { PhoneCommandOptions } from './commands/phone.js';
import { locales } from '../core/messages/index.js';
import { programName, reportError } from './fail.js';
import { parseCount, parseLocale, parsePort, parseSetting } from './options.js';
import { reporterNames } from '../scenario/reporters/index.js';
import type { RunCommandOptions } from './commands/run.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

const localeOption = () => new Option('--locale <locale>', `screen language: ${locales.join(', ')}`).default('en-US').argParser(parseLocale);

const program = new Command(programName)
  .description('Emulates IP desk phones certified for Skype for Business, with a mock in-band update server.')
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program
  .command('start', { isDefault: true })
  .description('pick a device and run it in the terminal against an embedded update server (npm start)')
  .addOption(localeOption())
  .action(async (options: { locale: ReturnType<typeof parseLocale> }) => {
    const { startCommand } = await import('./commands/start.js');
    await startCommand(options);
  });

program
  .command('server')
  .description('run the mock in-band update server alone and print its URL')
  .option('--host <address>', 'address to bind; keep 127.0.0.1 unless phones elsewhere must reach it', '127.0.0.1')
  .option('--port <n>', 'port to listen on; 0 picks a free one', parsePort, 8080)
  .option('--check-interval <ms>', 'how often phones check for updates (default 24 h)', (value) => parsePort(value) || undefined)
  .action(async (options: { host: string; port: number; checkInterval?: number }) => {
    const { serverCommand } = await import('./commands/server.js');
    await serverCommand(options);
  });

program
  .command('phone')
  .description('run one phone in the terminal against a running update server')
  .requiredOption('--device <id>', 'device profile id, e.g. polycom-vvx-601 (see phone-emu devices)')
  .requiredOption('--server <url>', 'the update server, e.g. ws://127.0.0.1:8080')
  .option('--firmware <version>', 'the build the phone runs at start, or "latest" (default: the one before the newest, so an update is offered)')
  .addOption(localeOption())
  .option('--setting <name=value>', "a device parameter, e.g. lync.deviceUpdate.popUpSK.enabled=0 (repeatable)", parseSetting, {} as DeviceSettings)
  .action(async (options: PhoneCommandOptions) => {
    const { phoneCommand } = await import('./commands/phone.js');
    await phoneCommand(options);
  });

program
  .command('run')
  .description('run YAML scenarios headless (README: Writing a scenario); exit 0 all pass, 1 any fails, 2 a file is invalid')
  .argument('<paths...>', 'scenario files, or folders searched for *.yaml (pending/ folders are skipped)')
  .addOption(new Option('--reporter <name>', 'report format').choices(reporterNames).default('human'))
  .option('--out <file>', 'write the report to FILE; the human lines still go to the terminal')
  .option('--grep <text>', 'run only scenarios whose name or file contains TEXT, or matches /REGEX/flags')
  .option('--last-failed', 'rerun only the scenarios that failed last time (all of them if none did)')
  .option('--trace', 'print every step with the screen after it')
  .option('--server <url>', 'run every phone against this server instead of one in-process server per scenario')
  .option('--jobs <n>', 'scenarios run at once (default: the number of cores)', (value) => parseCount('--jobs', value))
  .action(async (paths: string[], options: RunCommandOptions) => {
    const { runCommand } = await import('./commands/run.js');
    await runCommand(paths, options);
  });

program
  .command('devices')
  .description('list every device profile: model, vendor, firmware family, sign-in methods')
  .action(async () => (await import('./commands/data.js')).devicesCommand());

program
  .command('check-data')
  .description('validate devices/ and firmware-catalog/, naming the file and field of each problem')
  .argument('[dir]', 'the folder holding devices/ and firmware-catalog/ (default: this package)')
  .action(async (dir?: string) => (await import('./commands/data.js')).checkDataCommand(dir));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help / version) already.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    reportError(error);
  }
}
