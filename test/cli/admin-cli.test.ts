import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run, startServerProcess } from '../helpers/cli.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

/** A `phone-emu server` process on a free port, on-premises, and its URLs. */
let child: ChildProcess;
let wsUrl = '';
let httpUrl = '';
beforeAll(async () => {
  ({ child, url: wsUrl } = await startServerProcess('--port', '0', '--deployment', 'onprem', '--policy', 'UserDialTimeoutMS=10000'));
  httpUrl = wsUrl.replace('ws:', 'http:');
});
afterAll(() => {
  child.kill('SIGTERM');
});

describe('the admin commands against a running server', { timeout: 120_000 }, () => {
  it('reads and changes policies; a connected phone gets the change; a bad value is refused with the range', async () => {
    const phone = await rawClient(wsUrl);
    phone.send(helloFrame());
    expect(await phone.next()).toMatchObject({ type: 'welcome', policy: { UserDialTimeoutMS: 10_000, PhoneLockTimeout: 600_000 } });

    const all = run('policy', 'get', '--server', httpUrl);
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/^NAME +VALUE +DEFAULT +CMDLET +ONLINE$/m);
    expect(all.stdout).toMatch(/^UserDialTimeoutMS +10000 +5000 +Set-CsIPPhonePolicy +yes$/m);
    expect(all.stdout).toMatch(/^SIPSecurityMode +High +High +Set-CsUCPhoneConfiguration +no$/m);
    expect(run('policy', 'get', 'MinPhonePinLength', '--server', wsUrl).stdout).toMatch(/^Allowed +a whole number from 4 to 15$/m);

    const set = run('policy', 'set', 'PhoneLockTimeout', '00:05:00', '--server', httpUrl);
    expect(set.stdout).toBe('PhoneLockTimeout = 00:05:00; connected phones have it now\n');
    expect(await phone.next()).toMatchObject({ type: 'policy.changed', policy: { PhoneLockTimeout: 300_000 } });

    const refused = run('policy', 'set', 'MinPhonePinLength', '3', '--server', httpUrl);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('phone-emu: MinPhonePinLength: "3" is not allowed; use a whole number from 4 to 15\n');
    phone.close();
  });

  it('publishes, marks a test device, lists firmware and devices, approves', async () => {
    const phone = await rawClient(wsUrl);
    phone.send(helloFrame('5.9.5.0614'));
    await phone.next();
    expect(run('firmware', 'publish', '6.1.0.6189', '--server', httpUrl).stdout).toMatch(/^6\.1\.0\.6189 is Pending for polycom-ucs/);
    expect(run('test-device', 'add', '--mac', '00-04-F2-00-00-09', '--name', 'desk', '--server', httpUrl).stdout).toMatch(
      /^test device desk \(MACAddress 0004F2000009\) gets pending builds/,
    );
    expect(run('firmware', 'list', '--server', httpUrl).stdout).toMatch(/^polycom-ucs +6\.1\.0\.6189 +2020-03-02 +certified, published, PENDING$/m);

    phone.send({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    expect(await phone.next()).toMatchObject({ type: 'update.offer', offer: { version: '6.1.0.6189' } });
    const devices = run('devices', '--server', httpUrl);
    expect(devices.stdout).toMatch(/^MODEL +MAC +FIRMWARE +USER +STATE +WARNINGS$/m);
    expect(devices.stdout).toMatch(/^polycom-vvx-601 \(test\) +00:04:F2:00:00:09 +5\.9\.5\.0614 +- +idle +-$/m);

    expect(run('firmware', 'approve', '6.1.0.6189', '--server', httpUrl).stdout).toMatch(/^approved 6\.1\.0\.6189 for polycom-ucs/);
    const again = run('firmware', 'reset', '--family', 'polycom-ucs', '--server', httpUrl);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^phone-emu: polycom-ucs has no pending build: Reset only rejects a pending build/);
    expect(run('provisioning', 'set', '5.8.0.13337', '--server', httpUrl).stdout).toMatch(/pushes 5\.8\.0\.13337 to every polycom-ucs phone/);
    // The network names the stand-in to the connected phone; its file pins the build.
    expect(await phone.next()).toMatchObject({ type: 'network.options', provisioningServer: new URL('provisioning/', httpUrl).href });
    expect(await (await fetch(new URL('provisioning/000000000000.cfg', httpUrl))).text()).toMatch(/APP_FILE_PATH="\.\.\/firmware\/polycom-ucs\/5\.8\.0\.13337\.bin"/);
    const unknown = run('provisioning', 'set', '9.9.9.9', '--server', httpUrl);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^phone-emu: /);
    expect(run('fault', 'download', 'cut', '--server', httpUrl).stdout).toBe('downloads are now served cut\n');
    phone.close();
  });

  it('says when no server answers, and what to do', () => {
    const result = run('policy', 'get', '--server', 'http://127.0.0.1:1');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^phone-emu: no update server answers at http:\/\/127\.0\.0\.1:1; start one with phone-emu server/);
    expect(run('test-device', 'add', '--server', httpUrl).stderr).toMatch(/give either --mac or --serial/);
    expect(run('fault', 'download', 'slow').stderr).toMatch(/Allowed choices are cut, corrupt, unbootable, none/);
  });
});
