import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { readProvisioning } from '../../src/provisioning/index.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { admin } from '../helpers/admin.js';
import { projectData } from '../helpers/data.js';

let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const read = (device: string, mac: string) =>
  readProvisioning({ url: new URL('provisioning/', server!.httpUrl).href, profile: { id: device, provisioning: projectData().provisioning.get(device)! }, mac });

describe('the mock server serves its provisioning stand-in as vendor files', () => {
  it('writes each vendor the file its phones fetch, naming the pushed build, and nothing before a push', async () => {
    server = await startUpdateServer({ data: projectData(), clock: new VirtualClock() });
    expect((await read('polycom-vvx-601', '00:04:F2:00:00:01')).firmware).toBeNull();

    for (const [device, version] of [['polycom-vvx-601', '5.8.0.13337'], ['yealink-t46g', '28.9.0.31'], ['audiocodes-450hd', 'UC_3.1.0.61']] as const) {
      expect((await admin(server, 'PUT', 'provisioning', { version, device })).status).toBe(200);
    }
    const polycom = await read('polycom-vvx-601', '00:04:F2:00:00:01');
    expect(polycom.problems).toEqual([]);
    expect(polycom.firmware).toEqual({ url: new URL('firmware/polycom-ucs/5.8.0.13337.bin', server.httpUrl).href, version: '5.8.0.13337' });
    const yealink = await read('yealink-t46g', '00:15:65:00:00:01');
    expect(yealink.firmware?.url).toBe(new URL('firmware/yealink-t46g/28.9.0.31.bin', server.httpUrl).href);
    const audiocodes = await read('audiocodes-450hd', '00:90:8F:00:00:01');
    expect(audiocodes.firmware?.url).toBe(new URL('firmware/audiocodes-uc/UC_3.1.0.61.bin', server.httpUrl).href);
    // The image it names is the one the server serves.
    const image = await fetch(polycom.firmware!.url);
    expect(image.status).toBe(200);

    await admin(server, 'PUT', 'provisioning', { version: null, device: 'polycom-vvx-601' });
    expect((await read('polycom-vvx-601', '00:04:F2:00:00:01')).firmware).toBeNull();
  });
});
