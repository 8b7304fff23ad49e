import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';
import { runCli as run, startServerProcess } from '../helpers/cli.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the phone-emu command', () => {
  it.each([
    [[], /Commands:[\s\S]*start[\s\S]*server[\s\S]*phone[\s\S]*devices[\s\S]*policy[\s\S]*firmware[\s\S]*test-device[\s\S]*provisioning[\s\S]*fault[\s\S]*chart[\s\S]*check-data/],
    [['chart'], /<device>[\s\S]*--firmware <version>/],
    [['fleet'], /--count <n>[\s\S]*--devices <mix>[\s\S]*--rollout <version>[\s\S]*--policy <name=value>[\s\S]*--signin <method>[\s\S]*--signin-wave <n>[\s\S]*--signin-every <duration>/],
    [['server'], /--host <address>[\s\S]*--port <n>[\s\S]*--deployment <mode>[\s\S]*--check-jitter <duration>[\s\S]*--admin-token <token>/],
    [['policy', 'set'], /<name>[\s\S]*<value>[\s\S]*--server <url>/],
    [['firmware', 'approve'], /\[version\][\s\S]*--family <name>[\s\S]*--device <id>/],
    [['phone'], /--device <id>[\s\S]*--server <url>[\s\S]*--firmware <version>/],
    [['start'], /--locale <locale>/],
    [['check-data'], /\[dir\]/],
  ])('documents %j with --help', (command, expected) => {
    const result = run(...command, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(expected);
  });

  it('runs a fleet that signs in, and prints its summary as JSON on the last line', () => {
    const result = run('fleet', '--count', '4', '--devices', 'yealink-t48g', '--signin', 'userId', '--signin-wave', '2', '--json');
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ phones: 4, connected: 4, failed: 0, signIn: { signedIn: 4, failures: {}, pending: 0 } });
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining(['phones', 'connected', 'converged', 'failed', 'firmware', 'failures', 'virtualMs', 'wallMs', 'peakRssBytes']),
    );
  });

  it('prints its version', () => {
    const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    expect(run('--version').stdout.trim()).toBe(version);
  });

  it('lists the device profiles', () => {
    const listed = run('devices').stdout;
    expect(listed).toMatch(/^ID +MODEL +VENDOR +FIRMWARE FAMILY +SIGN-IN ONLINE +SIGN-IN ON-PREM/);
    expect(listed).toMatch(/polycom-vvx-601 +Polycom VVX 601 +polycom +polycom-ucs \(newest 5\.9\.5\.0614\) +userId,pc,web/);
    expect(listed).toMatch(/yealink-t48g +Yealink SIP-T48G +yealink +yealink-t48g \(newest 35\.\S+\)/);
    expect(listed).toMatch(/audiocodes-450hd +AudioCodes 450HD +audiocodes +audiocodes-uc \(newest UC_3\.\S+\)/);
    expect(listed).toMatch(/lpe-cx600 +Polycom CX600 +lpe +lpe \(newest 4\.0\.7577\.\d+\) +usb +userId,pin,usb/);
    expect(listed.trim().split('\n')).toHaveLength(1 + 22);
  });

  it("prints a model's state chart as Mermaid, and names a wrong device id", () => {
    const chart = run('chart', 'audiocodes-450hd', '--all');
    expect(chart.status).toBe(0);
    expect(chart.stdout).toMatch(/^---\ntitle: AudioCodes 450HD \(audiocodes-450hd, firmware UC_3\.\S+\)\n---\nstateDiagram-v2\n/);
    expect(chart.stdout).toContain('phone_running_ui_idle --> phone_running_ui_menu : key.press [opensMenu and not modalScreen]');
    const region = run('chart', 'polycom-vvx-601', '--region', 'signIn');
    expect(region.stdout).toMatch(/^---\ntitle: Polycom VVX 601 \(polycom-vvx-601, firmware \S+\), signIn region\n---\nstateDiagram-v2\n {2}\[\*\] --> phone_running_signIn_starting\n/);
    expect(region.stdout).not.toMatch(/usb|stateIn/);
    expect(run('chart', 'yealink-t48g').stdout).toMatch(/^# Yealink SIP-T48G \(yealink-t48g, firmware \S+\)\n\n## connection\n\n```mermaid\n---\n[\s\S]*## notice\n/);
    const wrongRegion = run('chart', 'yealink-t48g', '--region', 'usb');
    expect(wrongRegion.status).toBe(2);
    expect(wrongRegion.stderr).toBe('phone-emu: chart: --region: "usb" is not a region of the chart; the regions are connection, ui, update, signIn, lock, call, pairing, notice\n');
    const unknown = run('chart', 'yealink-t99');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^phone-emu: chart: "yealink-t99" is not a device id; known ids: /);
    expect(run('chart', 'lpe-cx600', '--firmware', '5.0').stderr).toMatch(/--firmware: 5\.0 is not in firmware-catalog\/lpe\.yaml/);
  }, 90_000);

  it('refuses broken data before anything starts, naming the file and field, exit 1', () => {
    const root = mkdtempSync(join(tmpdir(), 'phone-emu-cli-'));
    scratch.push(root);
    for (const dir of ['devices', 'firmware-catalog']) cpSync(join(packageRoot(), dir), join(root, dir), { recursive: true });
    const file = join(root, 'devices', 'polycom', 'vvx-601.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('lineKeys: 16', 'lineKeys: many'));
    const result = run('check-data', root);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^phone-emu: the data files have 1 problem/);
    expect(result.stderr).toContain('devices/polycom/vvx-601.yaml: lineKeys: ');
    expect(run('check-data').stdout).toMatch(/^ok: 22 device profile\(s\), 9 firmware families/);
  });

  it('says what is wrong with a bad option, exit 2, without a stack trace', () => {
    const unknown = run('phone', '--device', 'polycom-vvx-999', '--server', 'ws://127.0.0.1:1');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^phone-emu: --device: "polycom-vvx-999" is not a device id; known ids: audiocodes-405hd, .*polycom-vvx-601/);
    const badFirmware = run('phone', '--device', 'polycom-vvx-601', '--server', 'ws://127.0.0.1:1', '--firmware', '9.9');
    expect(badFirmware.stderr).toMatch(/--firmware: 9\.9 is not in firmware-catalog\/polycom-ucs\.yaml/);
    const noTerminal = run('phone', '--device', 'polycom-vvx-601', '--server', 'ws://127.0.0.1:1');
    expect(noTerminal.status).toBe(2);
    expect(noTerminal.stderr).toMatch(/needs a terminal/);
    expect(run('server', '--port', 'eighty').stderr).toMatch(/--port: "eighty" is not a port number/);
    for (const result of [unknown, badFirmware, noTerminal]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs the server alone: prints its URL, answers phones, stops on SIGTERM', async () => {
    const { child, url } = await startServerProcess('--port', '0');
    const phone = await rawClient(url);
    phone.send(helloFrame());
    expect(await phone.next()).toMatchObject({ type: 'welcome' });
    phone.close();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
