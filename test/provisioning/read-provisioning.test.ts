import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readProvisioning } from '../../src/provisioning/index.js';
import { projectData } from '../helpers/data.js';
import { staticServersKilledAfterEach } from './static-server.js';

/**
 * Each vendor's files, in the shapes their administrator's guides document, served by Python's
 * http.server (a separate process, not our code) and read as the phone reads them at boot.
 */

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'provisioning');
const serve = staticServersKilledAfterEach();
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const profileOf = (id: string) => ({ id, provisioning: projectData().provisioning.get(id)! });

/** A copy of the fixtures, for files a test writes (the 10 MB one is made, not committed). */
function fixturesCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phone-emu-provisioning-'));
  scratch.push(dir);
  cpSync(fixtures, dir, { recursive: true });
  return dir;
}

describe('Polycom UC Software', () => {
  it('reads <mac>.cfg, then its CONFIG_FILES in order: the first listed wins', async () => {
    const url = await serve(join(fixtures, 'polycom'));
    const result = await readProvisioning({ url, profile: profileOf('polycom-vvx-401'), mac: '00:04:F2:00:00:01' });
    expect(result.problems).toEqual([]);
    expect(result.files.map((file) => [file.url.replace(url, ''), file.status])).toEqual([
      ['0004f2000001.cfg', 'applied'],
      ['phone-0004f2000001.cfg', 'applied'],
      ['site.cfg', 'applied'],
    ]);
    // site.cfg says 1 and English; the per-phone file, listed first, says 0 and French.
    expect(result.parameters.get('lync.deviceUpdate.popUpSK.enabled')).toEqual({ value: '0', file: `${url}phone-0004f2000001.cfg`, line: 4 });
    expect(result.modelled).toEqual({
      updatePopUp: false,
      locale: 'fr-FR',
      line1DisplayName: 'Amos Marble & Co',
      line1Label: '4001',
      firmwareUrl: `${url}firmware/5.9.0/sip.ld`,
    });
    expect(result.firmware).toEqual({ url: `${url}firmware/5.9.0/sip.ld`, version: '5.9.0' });
    expect(result.precedence).toBe('provisioningFile');
    expect(result.ignored).toEqual([
      'reg.1.address',
      'device.set',
      'device.sntp.serverName',
      'prov.polling.enabled',
      'prov.polling.period',
      'reg.1.server.1.address',
      'reg.1.server.1.transport',
    ]);
    expect(result.files.every((file) => /^[0-9a-f]{32}$/.test(file.md5 ?? ''))).toBe(true);
  });

  it('takes the model-specific APP_FILE_PATH_<model> and CONFIG_FILES_<model> of its own model', async () => {
    const url = await serve(join(fixtures, 'polycom'));
    const result = await readProvisioning({ url, profile: profileOf('polycom-vvx-601'), mac: '0004f2000001' });
    expect(result.firmware).toEqual({ url: `${url}firmware/5.9.1/sip.ld`, version: '5.9.1' });
    expect(result.files.map((file) => file.url.replace(url, ''))).toEqual(['0004f2000001.cfg', 'phone-0004f2000001.cfg', 'vvx601.cfg', 'site.cfg']);
    expect(result.ignored).toContain('up.backlight.idleIntensity');
  });

  it('falls back to 000000000000.cfg when the phone has no file of its own', async () => {
    const url = await serve(join(fixtures, 'polycom'));
    const result = await readProvisioning({ url, profile: profileOf('polycom-vvx-401'), mac: '00:04:F2:12:34:56' });
    expect(result.files.map((file) => [file.url.replace(url, ''), file.status])).toEqual([
      ['0004f2123456.cfg', 'missing'],
      ['000000000000.cfg', 'applied'],
      ['site.cfg', 'applied'],
    ]);
    expect(result.modelled).toMatchObject({ updatePopUp: true, locale: 'en-US' });
    expect(result.firmware).toEqual({ url: `${url}sip.ld` });
    expect(result.problems).toEqual([]);
  });

  it('refuses a config file that is not XML with its file, line and reason, and keeps reading the others', async () => {
    const url = await serve(join(fixtures, 'polycom'));
    const result = await readProvisioning({ url, profile: profileOf('polycom-vvx-401'), mac: '0004f2000bad' });
    expect(result.problems).toEqual([{ file: `${url}broken.cfg`, line: 4, reason: 'the value of reg.1.displayName is not closed by "' }]);
    expect(result.files.find((file) => file.url.endsWith('broken.cfg'))?.status).toBe('refused');
    // Nothing of broken.cfg is applied: site.cfg's 1 stands.
    expect(result.modelled.updatePopUp).toBe(true);
  });
});

describe('Yealink', () => {
  it('reads the common file y0000000000XX.cfg, its includes, then <mac>.cfg, which wins', async () => {
    const url = await serve(join(fixtures, 'yealink'));
    const result = await readProvisioning({ url, profile: profileOf('yealink-t46g'), mac: '00:15:65:00:00:01' });
    expect(result.problems).toEqual([]);
    expect(result.files.map((file) => [file.url.replace(url, ''), file.status])).toEqual([
      ['y000000000028.cfg', 'applied'],
      ['common/lock.cfg', 'applied'],
      ['shared/features.cfg', 'applied'],
      ['001565000001.cfg', 'applied'],
    ]);
    expect(result.modelled).toEqual({
      locale: 'fr-FR',
      firmwareUrl: `${url}firmware/T46-28.83.0.35.rom`,
      phoneLockEnabled: true,
      line1Label: '4001',
      line1DisplayName: 'Amos Marble',
    });
    expect(result.firmware).toEqual({ url: `${url}firmware/T46-28.83.0.35.rom`, version: '28.83.0.35' });
    expect(result.parameters.get('phone_setting.phone_lock.enable')).toEqual({ value: '1', file: `${url}common/lock.cfg`, line: 3 });
    expect(result.ignored).toEqual(['features.dnd.enable', 'local_time.time_zone', 'account.1.sip_server.1.address']);
  });

  it('does not apply again a file whose MD5 has not changed since the last boot', async () => {
    const url = await serve(join(fixtures, 'yealink'));
    const first = await readProvisioning({ url, profile: profileOf('yealink-t46g'), mac: '001565000001' });
    const previousMd5 = new Map(first.files.map((file) => [file.url, file.md5!]));
    const again = await readProvisioning({ url, profile: profileOf('yealink-t46g'), mac: '001565000001', previousMd5 });
    expect(again.files.map((file) => file.status)).toEqual(['unchanged', 'unchanged']);
    expect(again.parameters.size).toBe(0);
    expect(again.files.map((file) => file.md5)).toEqual([first.files[0]!.md5, first.files[3]!.md5]);
  });

  it('stops an include loop and says which files make it', async () => {
    const url = await serve(join(fixtures, 'yealink'));
    const result = await readProvisioning({ url, profile: profileOf('yealink-t46g'), mac: '001565000100' });
    expect(result.problems).toEqual([
      { file: `${url}loop-b.cfg`, line: 2, reason: `include loop: ${url}001565000100.cfg -> ${url}loop-a.cfg -> ${url}loop-b.cfg -> ${url}loop-a.cfg; not read again` },
    ]);
    expect(result.modelled.line1Label).toBe('4100');
  });

  it('refuses a file without the #!version:1.0.0.1 header', async () => {
    const url = await serve(join(fixtures, 'yealink'));
    const result = await readProvisioning({ url, profile: profileOf('yealink-t46g'), mac: '001565000BAD' });
    expect(result.problems).toEqual([
      { file: `${url}001565000bad.cfg`, line: 1, reason: 'the first line must be #!version:1.0.0.1 (Yealink refuses a file without it)' },
    ]);
    // The common file still applies.
    expect(result.modelled.locale).toBe('en-US');
  });
});

describe('AudioCodes 4xxHD', () => {
  it('reads <MAC>.cfg with its include; its own lines after the include win', async () => {
    const url = await serve(join(fixtures, 'audiocodes'));
    const result = await readProvisioning({ url, profile: profileOf('audiocodes-450hd'), mac: '00:90:8f:00:00:01' });
    expect(result.problems).toEqual([]);
    expect(result.files.map((file) => file.url.replace(url, ''))).toEqual(['00908F000001.cfg', 'shared/site.cfg']);
    expect(result.modelled).toEqual({ phoneLockEnabled: false, firmwareUrl: `${url}firmware/450HD_UC_3.1.2.89.img`, locale: 'fr-FR', line1Label: '4001' });
    expect(result.firmware?.version).toBe('3.1.2.89');
    expect(result.ignored).toEqual(['voip/regional_settings/selected_country', 'lync/calendar/enabled', 'voip/line/0/enabled']);
  });

  it('refuses a line without = with its file and line', async () => {
    const url = await serve(join(fixtures, 'audiocodes'));
    const result = await readProvisioning({ url, profile: profileOf('audiocodes-450hd'), mac: '00908f000bad' });
    expect(result.problems).toEqual([{ file: `${url}00908F000BAD.cfg`, line: 3, reason: 'a line without = (expected name=value)' }]);
    expect(result.parameters.size).toBe(0);
  });
});

describe('Lync Phone Edition', () => {
  it('reads no provisioning files and says it updates only in-band', async () => {
    const result = await readProvisioning({ url: 'http://127.0.0.1:1/', profile: profileOf('lpe-cx600'), mac: '00:11:22:33:44:55' });
    expect(result.supported).toBe(false);
    expect(result.files).toEqual([]);
    expect(result.problems).toEqual([{ file: 'http://127.0.0.1:1/', reason: 'Lync Phone Edition updates only through the in-band service; it reads no provisioning files' }]);
  });
});

describe('hostile servers and files', () => {
  const listeners: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(listeners.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('refuses a 10 MB file with a clear problem', async () => {
    const dir = fixturesCopy();
    writeFileSync(join(dir, 'yealink', '001565000010.cfg'), `#!version:1.0.0.1\n${'features.filler = x\n'.repeat(10 * 1024 * 1024 / 20)}`);
    const url = await serve(join(dir, 'yealink'));
    const result = await readProvisioning({ url, profile: profileOf('yealink-t46g'), mac: '001565000010' });
    expect(result.problems).toEqual([{ file: `${url}001565000010.cfg`, reason: '10.0 MiB, over the 1.0 MiB a provisioning file may have: refused' }]);
    expect(result.files.at(-1)).toEqual({ url: `${url}001565000010.cfg`, status: 'refused' });
  });

  it('says "cannot reach" for a port where nothing listens, without throwing', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const result = await readProvisioning({ url: `http://127.0.0.1:${closed}/`, profile: profileOf('polycom-vvx-401'), mac: '0004f2000001' });
    expect(result.problems).toEqual([{ file: `http://127.0.0.1:${closed}/0004f2000001.cfg`, reason: `cannot reach http://127.0.0.1:${closed}/0004f2000001.cfg: connection refused: nothing listens there (ECONNREFUSED)` }]);
    expect(result.files).toEqual([{ url: `http://127.0.0.1:${closed}/0004f2000001.cfg`, status: 'unreachable' }]);
  });

  it('gives up on a server that accepts and never answers, after the timeout', async () => {
    const silent = createServer((socket) => void sockets.push(socket)).listen(0, '127.0.0.1');
    listeners.push(silent);
    await new Promise((resolve) => silent.once('listening', resolve));
    const { port } = silent.address() as { port: number };
    const result = await readProvisioning({ url: `http://127.0.0.1:${port}`, profile: profileOf('audiocodes-450hd'), mac: '00908f000001', timeoutMs: 500 });
    expect(result.problems).toEqual([{ file: `http://127.0.0.1:${port}/00908F000001.cfg`, reason: `no answer from http://127.0.0.1:${port}/00908F000001.cfg within 500 ms` }]);
  });

  it('refuses a URL that is not http(s) and a MAC that is not one', async () => {
    expect((await readProvisioning({ url: 'ftp://10.0.0.5/', profile: profileOf('yealink-t46g'), mac: '001565000001' })).problems).toEqual([
      { file: 'ftp://10.0.0.5/', reason: 'ftp: is not read: give an http:// or https:// provisioning server' },
    ]);
    expect((await readProvisioning({ url: 'http://10.0.0.5/', profile: profileOf('yealink-t46g'), mac: '00:15:65' })).problems).toEqual([
      { file: 'http://10.0.0.5/', reason: '"00:15:65" is not a MAC address (12 hexadecimal digits)' },
    ]);
  });
});

describe('HTTPS and Basic auth', () => {
  it('sends the credentials of the URL (Basic auth) and hides the password in what it reports', async () => {
    const url = await serve(join(fixtures, 'audiocodes'), { auth: 'admin:s3cret' });
    const withCredentials = url.replace('http://', 'http://admin:s3cret@');
    const result = await readProvisioning({ url: withCredentials, profile: profileOf('audiocodes-450hd'), mac: '00908f000001' });
    expect(result.problems).toEqual([]);
    expect(result.files[0]!.url).toBe(url.replace('http://', 'http://admin:***@') + '00908F000001.cfg');
    // The firmware URL keeps them: the phone downloads from it.
    expect(result.firmware?.url).toBe(`${withCredentials}firmware/450HD_UC_3.1.2.89.img`);
    const refused = await readProvisioning({ url: url.replace('http://', 'http://admin:wrong@'), profile: profileOf('audiocodes-450hd'), mac: '00908f000001' });
    expect(refused.problems).toEqual([
      { file: `${url.replace('http://', 'http://admin:***@')}00908F000001.cfg`, reason: 'HTTP 401: the server refuses these credentials (Basic auth: http://user:password@host/)' },
      { file: `${url.replace('http://', 'http://admin:***@')}00908F000001.cfg`, reason: 'the configuration file is not there (HTTP 404)' },
    ]);
  });

  it('accepts a self-signed certificate only with insecure: true', async () => {
    const dir = fixturesCopy();
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const url = await serve(join(dir, 'yealink'), { tls: { cert, key } });
    const strict = await readProvisioning({ url, profile: profileOf('yealink-t46g'), mac: '001565000001' });
    expect(strict.problems).toEqual([
      {
        file: `${url}y000000000028.cfg`,
        reason: `${url}y000000000028.cfg: the server's certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); accept a self-signed certificate with the insecure option`,
      },
    ]);
    const insecure = await readProvisioning({ url, profile: profileOf('yealink-t46g'), mac: '001565000001', insecure: true });
    expect(insecure.problems).toEqual([]);
    expect(insecure.modelled.locale).toBe('fr-FR');
  });
});
