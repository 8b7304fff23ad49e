import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { listingSchemas } from '../../src/cli/listings.js';
import type { ProjectData } from '../../src/profiles/load-data.js';
import { cli, killHard, runCli as run } from '../helpers/cli.js';
import { projectData } from '../helpers/data.js';
import { helloWithMac, serversClosedAfterEach } from '../helpers/servers.js';
import { rawClient } from '../helpers/ws-client.js';

const startServer = serversClosedAfterEach();
const children: Parameters<typeof killHard>[0][] = [];
const clients: { close(): void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(children.splice(0).map(killHard));
});

/** Runs the CLI without blocking this process: the server it talks to lives in it. */
function runAsync(...args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (status) => resolve({ status, stdout, stderr })),
  );
}

/** The table's rows, each split into its cells (two spaces or more between columns). */
const tableRows = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/ {2,}/));

/** Exactly one JSON document on stdout, nothing on stderr, exit 0. */
function jsonOf(result: { status: number | null; stdout: string; stderr: string }): unknown {
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

/** A usage error under --json: one phone-emu: line on stderr, nothing on stdout, exit 2. */
function expectUsageError(result: { status: number | null; stdout: string; stderr: string }, message: RegExp) {
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^phone-emu: [^\n]*\n$/);
  expect(result.stderr).toMatch(message);
}

/**
 * The repository's data with one more Polycom build, 5.10.0.100, listed first in the catalog:
 * by text it sorts before 5.4 and 5.9, by Polycom's scheme between 5.9.5.0614 and 6.1.0.6189.
 */
function dataWithPolycom510(): ProjectData {
  const data = projectData();
  const family = data.families.get('polycom-ucs')!;
  const template = family.builds.find((build) => build.version === '5.9.5.0614')!;
  const build = { ...template, version: '5.10.0.100', aliases: [] };
  return { ...data, families: new Map(data.families).set('polycom-ucs', { ...family, builds: [build, ...family.builds] }) };
}

describe('--json listings of the data (no server)', { timeout: 120_000 }, () => {
  it('devices --json holds every profile the table lists, typed', () => {
    const { devices } = listingSchemas.devices.parse(jsonOf(run('devices', '--json')));
    const [header, ...rows] = tableRows(run('devices').stdout);
    expect(header).toEqual(['ID', 'MODEL', 'VENDOR', 'FIRMWARE FAMILY', 'SIGN-IN ONLINE', 'SIGN-IN ON-PREM']);
    expect(devices.map((device) => device.id)).toEqual(rows.map((row) => row[0]));
    expect(devices.length).toBe(projectData().profiles.size);
    for (const [index, device] of devices.entries()) {
      expect(rows[index]).toEqual([
        device.id,
        `${device.manufacturer} ${device.model}`,
        device.vendor,
        `${device.firmwareFamily} (newest ${device.newestFirmware})`,
        device.signIn.online.join(','),
        device.signIn.onprem.join(','),
      ]);
    }
    expect(devices.find((device) => device.id === 'yealink-t48g')).toMatchObject({ vendor: 'yealink', firmwareFamily: 'yealink-t48g', newestFirmware: '35.9.0.70' });
  });

  it('chart --list [--json] names the regions chart --region draws, for every device or one', () => {
    const { charts } = listingSchemas.charts.parse(jsonOf(run('chart', '--list', '--json')));
    expect(charts.map((chart) => chart.device)).toEqual([...projectData().profiles.keys()].sort());
    const [header, ...rows] = tableRows(run('chart', '--list').stdout);
    expect(header).toEqual(['DEVICE', 'FIRMWARE', 'REGIONS']);
    expect(rows).toEqual(charts.map((chart) => [chart.device, chart.firmware, chart.regions.join(', ')]));
    const one = listingSchemas.charts.parse(jsonOf(run('chart', 'polycom-vvx-601', '--list', '--json'))).charts;
    expect(one).toEqual([{ device: 'polycom-vvx-601', firmware: '5.9.5.0614', regions: expect.arrayContaining(['update', 'lock', 'pairing']) }]);
    // What --list names, --region draws.
    expect(run('chart', 'polycom-vvx-601', '--region', one[0]!.regions[0]!).status).toBe(0);
  });

  it('refuses a bad argument under --json with one phone-emu: line, exit 2', () => {
    expectUsageError(run('chart', 'cisco-7960', '--list', '--json'), /^phone-emu: chart: "cisco-7960" is not a device id/);
    expectUsageError(run('chart', 'yealink-t48g', '--json'), /--json goes with --list/);
    expectUsageError(run('chart', '--list', '--region', 'lock', '--json'), /--list lists the regions, --region draws a chart/);
    expectUsageError(run('devices', '--json', '--bogus'), /^phone-emu: unknown option '--bogus'/);
    expectUsageError(run('devices', '--server', 'notaurl', '--json'), /^phone-emu: --server: "notaurl" is not a URL/);
  });
});

describe('--json listings of a running server', { timeout: 120_000 }, () => {
  it('policy get [NAME] --json: every policy typed as the table shows it', async () => {
    const server = await startServer({ policy: { UserDialTimeoutMS: 10_000, EnableDeviceUpdate: false } });
    const [json, table] = await Promise.all([runAsync('policy', 'get', '--json', '--server', server.url), runAsync('policy', 'get', '--server', server.url)]);
    const { policies } = listingSchemas.policies.parse(jsonOf(json));
    const [header, ...rows] = tableRows(table.stdout);
    expect(header).toEqual(['NAME', 'VALUE', 'DEFAULT', 'CMDLET', 'ONLINE']);
    expect(rows.map((row) => row[0])).toEqual(policies.map((policy) => policy.name));
    const byName = new Map(policies.map((policy) => [policy.name, policy]));
    expect(byName.get('EnableDeviceUpdate')).toMatchObject({ type: 'boolean', value: false, default: true, online: true });
    expect(byName.get('UserDialTimeoutMS')).toMatchObject({ type: 'integer', value: 10_000, default: 5000 });
    expect(byName.get('PhoneLockTimeout')).toMatchObject({ type: 'timespan', value: '00:10:00', cmdlet: 'Set-CsUCPhoneConfiguration' });
    expect(byName.get('SIPSecurityMode')).toMatchObject({ type: 'enum', value: 'High', online: false });
    expect(rows).toContainEqual(['EnableDeviceUpdate', 'False', 'True', 'Set-CsIPPhonePolicy', 'yes']);
    expect(rows).toContainEqual(['UserDialTimeoutMS', '10000', '5000', 'Set-CsIPPhonePolicy', 'yes']);

    const one = listingSchemas.policies.parse(jsonOf(await runAsync('policy', 'get', 'minphonepinlength', '--json', '--server', server.url)));
    expect(one.policies).toEqual([byName.get('MinPhonePinLength')]);
    expectUsageError(await runAsync('policy', 'get', '--json', '--server', 'ftp://127.0.0.1:8080'), /^phone-emu: --server: .*uses ftp:\/\//);
  });

  it('firmware list --json: builds oldest first by the vendor scheme (5.9 before 5.10), in the table too', async () => {
    const server = await startServer({ data: dataWithPolycom510(), deployment: 'onprem' });
    await runAsync('firmware', 'publish', '6.1.0.6189', '--server', server.url);
    const [json, table] = await Promise.all([
      runAsync('firmware', 'list', '--family', 'polycom-ucs', '--json', '--server', server.url),
      runAsync('firmware', 'list', '--family', 'polycom-ucs', '--server', server.url),
    ]);
    const { builds } = listingSchemas.builds.parse(jsonOf(json));
    const order = ['5.4.0.10165', '5.5.1.11526', '5.6.0.17325', '5.7.1.2205', '5.8.0.13337', '5.9.5.0614', '5.10.0.100', '6.1.0.6189'];
    expect(builds.map((build) => build.version)).toEqual(order);
    const [, ...rows] = tableRows(table.stdout);
    expect(rows.map((row) => row[1])).toEqual(order);
    expect(builds.at(-1)).toMatchObject({ family: 'polycom-ucs', certified: true, pending: true, approved: false, released: '2020-03-02' });
    expect(rows.at(-1)).toEqual(['polycom-ucs', '6.1.0.6189', '2020-03-02', 'certified, published, PENDING']);
    const approved = builds.filter((build) => build.approved).map((build) => build.version);
    expect(approved).toHaveLength(1);
    expect(rows.filter((row) => row[3]!.includes('APPROVED')).map((row) => row[1])).toEqual(approved);

    const yealink = listingSchemas.builds.parse(jsonOf(await runAsync('firmware', 'list', '--device', 'yealink-t48g', '--json', '--server', server.url)));
    expect(yealink.builds.map((build) => build.version)).toEqual(['35.7.0.26', '35.8.0.5', '35.8.1.52', '35.9.0.31', '35.9.0.70']);
    expectUsageError(await runAsync('firmware', 'list', '--family', 'cisco', '--json', '--server', server.url), /--family: "cisco" is not a firmware family/);
  });

  it('test-device list --json and devices --server --json hold what the tables show; phones by model, then firmware by scheme', async () => {
    const server = await startServer({ data: dataWithPolycom510(), deployment: 'onprem' });
    expect(jsonOf(await runAsync('devices', '--server', server.url, '--json'))).toEqual({ phones: [] });
    expect((await runAsync('devices', '--server', server.url)).stdout).toBe('no phone has connected to this server yet\n');
    await runAsync('test-device', 'add', '--serial', 'LAB-1', '--name', 'lab', '--server', server.url);
    const { testDevices } = listingSchemas.testDevices.parse(jsonOf(await runAsync('test-device', 'list', '--json', '--server', server.url)));
    expect(testDevices).toEqual([{ name: 'lab', type: 'SerialNumber', identifier: 'LAB-1' }]);
    expect(tableRows((await runAsync('test-device', 'list', '--server', server.url)).stdout)).toEqual([['NAME', 'TYPE', 'IDENTIFIER'], ['lab', 'SerialNumber', 'LAB-1']]);

    // Connected newest first: neither the connection order nor the text order is the scheme's.
    for (const [mac, firmware] of [['00:04:F2:00:20:01', '6.1.0.6189'], ['00:04:F2:00:20:02', '5.10.0.100'], ['00:04:F2:00:20:03', '5.9.5.0614']] as const) {
      const phone = await rawClient(server.url);
      clients.push(phone);
      phone.send(helloWithMac(mac, firmware));
      expect(await phone.next()).toMatchObject({ type: 'welcome' });
    }
    const [json, table] = await Promise.all([runAsync('devices', '--server', server.url, '--json'), runAsync('devices', '--server', server.url)]);
    const { phones } = listingSchemas.phones.parse(jsonOf(json));
    expect(phones.map((phone) => phone.firmware)).toEqual(['5.9.5.0614', '5.10.0.100', '6.1.0.6189']);
    expect(phones[0]).toEqual({
      model: 'polycom-vvx-601',
      mac: '00:04:F2:00:20:03',
      serial: '0004F2002003',
      firmware: '5.9.5.0614',
      connected: true,
      user: null,
      state: 'idle',
      testDevice: false,
      warnings: [],
      installed: [],
      lastResult: null,
    });
    const [header, ...rows] = tableRows(table.stdout);
    expect(header).toEqual(['MODEL', 'MAC', 'FIRMWARE', 'USER', 'STATE', 'WARNINGS']);
    expect(rows).toEqual(phones.map((phone) => [phone.model, phone.mac, phone.firmware, '-', phone.state, '-']));
  });
});
