import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { synthesizeFirmwareImage } from '../../src/core/firmware-image.js';
import { renderScreen, screenText } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { assemblePhone, type AssembledPhone } from '../../src/phone/assemble-phone.js';
import { identityFor } from '../../src/phone/create-phone.js';
import { EventLog } from '../../src/phone/event-log.js';
import { readPhoneState } from '../../src/phone/phone-state.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData, profile } from '../helpers/data.js';
import { staticServersKilledAfterEach } from './static-server.js';

/**
 * Phones boot from vendor files served by an ordinary HTTP server process (python3 -m http.server),
 * with a real update server beside it, on virtual time: what the files set takes effect.
 */

const serve = staticServersKilledAfterEach();
const opened: { phone?: AssembledPhone; server?: UpdateServer; dir?: string }[] = [];
afterEach(async () => {
  for (const { phone, server, dir } of opened.splice(0)) {
    phone?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'phone-emu-provboot-'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  opened.push({ dir });
  return dir;
}

async function boot(device: string, firmware: string, provisioningUrl: string, settings?: { checkIntervalMs: number }, stateFile?: string) {
  const clock = new VirtualClock();
  const data = projectData();
  const server = await startUpdateServer({ data, clock, ...(settings && { settings }) });
  const deviceProfile = profile(device);
  const log = new EventLog();
  const phone = assemblePhone({
    profile: deviceProfile,
    firmware,
    identity: identityFor(deviceProfile, 1),
    serverUrl: server.url,
    clock,
    log,
    provisioning: { url: provisioningUrl, data: data.provisioning.get(device)! },
    ...(stateFile && { state: { file: stateFile, saved: readPhoneState(stateFile) } }),
  });
  opened.push({ phone, server });
  const context = () => phone.actor.getSnapshot().context;
  const advance = (ms: number) => clock.advance(ms, () => phone.link.whenSettled());
  const lines = () => log.entries().map((entry) => `${entry.kind} ${entry.text}`);
  return { phone, server, context, advance, lines, screen: () => screenText(renderScreen(phone.actor.getSnapshot())) };
}

const minute = 60_000;

describe('a phone boots from its vendor files on an external HTTP server', () => {
  it('Polycom: the master file, CONFIG_FILES in order; the pop-up off, French, and the pinned build installed without asking', async () => {
    const dir = folder({
      '0004f2000001.cfg': '<?xml version="1.0" standalone="yes"?>\n<APPLICATION APP_FILE_PATH="firmware/5.8.0.13337/sip.ld" CONFIG_FILES="lync.cfg, site.cfg"/>\n',
      'lync.cfg': '<?xml version="1.0"?>\n<polycomConfig><lync lync.deviceUpdate.popUpSK.enabled="0"/><reg reg.1.displayName="Amos Marble" reg.1.label="4001"/></polycomConfig>\n',
      'site.cfg': '<?xml version="1.0"?>\n<polycomConfig><lync lync.deviceUpdate.popUpSK.enabled="1"/><lcl lcl.ml.lang="Francais_France"/><reg reg.1.server.1.address="sip.contoso.com"/></polycomConfig>\n',
      'firmware/5.8.0.13337/sip.ld': synthesizeFirmwareImage('polycom-ucs', '5.8.0.13337'),
    });
    const rig = await boot('polycom-vvx-601', '5.7.1.2205', await serve(dir));
    await rig.advance(5 * minute);
    const context = rig.context();
    // The first listed file wins: lync.cfg's 0 over site.cfg's 1.
    expect(context.settings['lync.deviceUpdate.popUpSK.enabled']).toBe(0);
    expect(context.locale).toBe('fr-FR');
    expect(context.provisioned).toMatchObject({ precedence: 'provisioningFile', line1DisplayName: 'Amos Marble', line1Label: '4001' });
    expect(context.firmware).toBe('5.8.0.13337');
    expect(context.update.installHistory).toEqual([{ version: '5.8.0.13337', authority: 'provisioning' }]);
    expect(rig.lines()).toContainEqual('server provisioning: ignored: 1 parameters, e.g. reg.1.server.1.address');
    expect(rig.lines().filter((line) => line.includes('ignored:'))).toHaveLength(1);
  });

  it('Yealink: the common file then the MAC file; French screens, the lock enabled, the firmware of static.firmware.url', async () => {
    const dir = folder({
      'y000000000028.cfg': '#!version:1.0.0.1\nlang.gui = English\nphone_setting.phone_lock.enable = 1\nstatic.firmware.url = fw/T46-28.9.0.70.rom\ninclude:config "shared/features.cfg"\n',
      'shared/features.cfg': '#!version:1.0.0.1\nfeatures.dnd.enable = 0\n',
      '001565000001.cfg': '#!version:1.0.0.1\nlang.gui = French\naccount.1.label = 4001\n',
      'fw/T46-28.9.0.70.rom': synthesizeFirmwareImage('yealink-t46g', '28.9.0.70'),
    });
    const rig = await boot('yealink-t46g', '28.8.1.52', await serve(dir));
    await rig.advance(5 * minute);
    const context = rig.context();
    expect(context.locale).toBe('fr-FR');
    expect(context.provisioned).toMatchObject({ precedence: 'inBand', phoneLockEnabled: true, line1Label: '4001' });
    expect(context.firmware).toBe('28.9.0.70');
    expect(rig.screen()).toContain('Connexion utilisateur');
  });

  it('AudioCodes: <MAC>.cfg with its include; the lock off (in-band needs the file too), French, the image installed', async () => {
    const dir = folder({
      '00908F000001.cfg': ';450HD\ninclude shared/site.cfg\nprovisioning/firmware/url=firmware/450HD_UC_3.1.2.89.img\npersonal_settings/language=FRENCH\nsystem/pin_lock/enabled=0\n',
      'shared/site.cfg': 'system/pin_lock/enabled=1\nlync/calendar/enabled=1\n',
      'firmware/450HD_UC_3.1.2.89.img': synthesizeFirmwareImage('audiocodes-uc', 'UC_3.1.2.89'),
    });
    const rig = await boot('audiocodes-450hd', 'UC_3.1.0.61', await serve(dir));
    await rig.advance(10 * minute);
    const context = rig.context();
    expect(context.locale).toBe('fr-FR');
    expect(context.provisioned).toMatchObject({ precedence: 'inBand', phoneLockEnabled: false });
    expect(context.firmware).toBe('UC_3.1.2.89');
  });

  it('a file that does not parse: the phone keeps its last good configuration and reports file, line and reason', async () => {
    const files = {
      '001565000001.cfg': '#!version:1.0.0.1\nlang.gui = French\n',
      'y000000000028.cfg': '#!version:1.0.0.1\nphone_setting.phone_lock.enable = 1\n',
    };
    const dir = folder(files);
    const rig = await boot('yealink-t46g', '28.8.1.52', await serve(dir));
    await rig.advance(2 * minute);
    expect(rig.context().locale).toBe('fr-FR');
    writeFileSync(join(dir, '001565000001.cfg'), '#!version:1.0.0.1\nlang.gui = English\nthis line has no equals sign\n');
    rig.phone.actor.send({ type: 'key.press', key: 'Menu' });
    await rig.phone.provisioning!.read();
    await rig.advance(minute);
    expect(rig.context().locale).toBe('fr-FR');
    const warning = rig.context().warnings.find((found) => found.id === 'provisioning');
    expect(warning?.message.params).toMatchObject({ where: expect.stringMatching(/001565000001\.cfg line 3$/) });
    expect(rig.lines().some((line) => /^problem provisioning: .*001565000001\.cfg line 3: /.test(line))).toBe(true);
    // The server hears of it in the phone's status: phone-emu devices --server shows it.
    await expect.poll(() => rig.server.devices()[0]?.warnings.join(' '), { timeout: 20_000 }).toMatch(/Provisioning: .*001565000001\.cfg line 3/);
  });

  it('a server that is down: the phone stays as it is and asks again on its own clock, then applies', async () => {
    const dir = folder({ '001565000001.cfg': '#!version:1.0.0.1\nlang.gui = French\n', 'y000000000028.cfg': '#!version:1.0.0.1\n' });
    // A port where nothing listens yet; an ordinary Node file server takes it up later.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const rig = await boot('yealink-t46g', '28.8.1.52', `http://127.0.0.1:${port}/`);
    await rig.advance(30_000);
    expect(rig.context().locale).toBe('en-US');
    expect(rig.lines()).toContainEqual(expect.stringMatching(/^problem provisioning: .*cannot reach .*connection refused/));
    const files = createServer((request, response) => {
      try {
        response.end(readFileSync(join(dir, new URL(request.url!, 'http://x').pathname)));
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => files.listen(port, '127.0.0.1', resolve));
    try {
      await rig.advance(2 * minute);
      expect(rig.context().locale).toBe('fr-FR');
      expect(rig.context().warnings.map((warning) => warning.id)).not.toContain('provisioning');
    } finally {
      await new Promise<void>((resolve) => files.close(() => resolve()));
    }
  });

  it('keeps its last good configuration in its state file: restarted with the server down, it is still French', async () => {
    const dir = folder({ '001565000001.cfg': '#!version:1.0.0.1\nlang.gui = French\naccount.1.label = 4001\n', 'y000000000028.cfg': '#!version:1.0.0.1\n' });
    const stateFile = join(dir, 'phone.json');
    const first = await boot('yealink-t46g', '28.8.1.52', await serve(dir), undefined, stateFile);
    await first.advance(2 * minute);
    expect(first.context().locale).toBe('fr-FR');
    first.phone.close();
    const again = await boot('yealink-t46g', '28.8.1.52', 'http://127.0.0.1:9/', undefined, stateFile);
    await again.advance(2 * minute);
    expect(again.context().locale).toBe('fr-FR');
    expect(again.context().provisioned).toMatchObject({ line1Label: '4001' });
    expect(again.lines()).toContainEqual(expect.stringMatching(/^problem provisioning: .*cannot reach/));
  });

  it('with in-band update too, a file pinning an older build makes the update loop, named with the server\'s real URL', async () => {
    const dir = folder({
      '000000000000.cfg': '<?xml version="1.0"?>\n<APPLICATION APP_FILE_PATH="5.8.0.13337/sip.ld" CONFIG_FILES=""/>\n',
      '5.8.0.13337/sip.ld': synthesizeFirmwareImage('polycom-ucs', '5.8.0.13337'),
    });
    const url = (await serve(dir, { auth: 'admin:s3cret' })).replace('http://', 'http://admin:s3cret@');
    const rig = await boot('polycom-vvx-601', '5.9.5.0614', url, { checkIntervalMs: 10 * minute });
    await rig.advance(4 * 60 * minute);
    expect(rig.context().update.installHistory.slice(0, 3).map((install) => install.authority)).toEqual(['provisioning', 'inBand', 'provisioning']);
    const shown = url.replace('admin:s3cret@', 'admin:***@');
    const loop = rig.context().warnings.find((warning) => warning.id === 'updateLoop');
    expect(loop?.message.params).toMatchObject({ inBand: '5.9.5.0614', provisioning: '5.8.0.13337', server: shown });
    expect(JSON.stringify(rig.context().warnings)).not.toContain('s3cret');
  });

  it('Lync Phone Edition given a provisioning server says it updates only in-band', async () => {
    const dir = folder({ 'x.cfg': '' });
    const rig = await boot('lpe-cx600', '4.0.7577.4463', await serve(dir));
    await rig.advance(2 * minute);
    expect(rig.lines()).toContainEqual(expect.stringMatching(/^problem provisioning: .*Lync Phone Edition updates only through the in-band service/));
  });
});
