import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import type { DeviceRecord } from '../../src/server/store.js';
import { projectData } from '../helpers/data.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

/**
 * The update.check hot path (issue 19): a check that repeats what the record says changes
 * nothing and tells nobody, and the answers kept per model and build follow every change an
 * admin makes.
 */
let server: UpdateServer;
let phone: Awaited<ReturnType<typeof rawClient>>;
const events: DeviceRecord[] = [];
beforeEach(async () => {
  server = await startUpdateServer({ data: projectData() });
  server.events.on('device', (record) => events.push(record));
  phone = await rawClient(server.url);
  phone.send(helloFrame());
  await phone.next();
});
afterEach(async () => {
  events.length = 0;
  phone.close();
  await server.close();
});

/** The answer to one check; a policy push that arrives first is passed over. */
async function check(firmware: string) {
  const next = phone.next();
  phone.send({ v: 1, type: 'update.check', firmware });
  let frame = await next;
  while (!String(frame['type']).startsWith('update.')) frame = await phone.next();
  return frame;
}

describe('update.check on the hot path', () => {
  it('records a repeated check without a device event, and a changed firmware with one', async () => {
    const before = events.length;
    for (let i = 0; i < 3; i += 1) expect(await check('5.8.0.13337')).toMatchObject({ type: 'update.offer' });
    expect(events.length).toBe(before);
    await check('5.9.5.0614');
    expect(events.slice(before)).toMatchObject([{ firmware: '5.9.5.0614' }]);
    expect(server.devices()).toMatchObject([{ firmware: '5.9.5.0614', connected: true }]);
  });

  it('answers a check the same way after the answer is kept, and anew after a policy, a publication or a fault', async () => {
    expect(await check('5.9.5.0614')).toMatchObject({ type: 'update.none', reason: expect.stringMatching(/newest published/) });
    expect(await check('5.9.5.0614')).toMatchObject({ type: 'update.none', nextCheckMs: 86_400_000 });
    server.store.publish('6.1.0.6189');
    const offered = await check('5.9.5.0614');
    expect(offered).toMatchObject({ type: 'update.offer', offer: { version: '6.1.0.6189', sha256: '905787d991c4860e3f848f23816c7d774b8817ad3fb84e6b75f08f16107e8d04' } });
    server.store.setDownloadFault('unbootable');
    const unbootable = (await check('5.9.5.0614')) as { offer: { sha256: string } };
    expect(unbootable.offer.sha256).not.toBe('905787d991c4860e3f848f23816c7d774b8817ad3fb84e6b75f08f16107e8d04');
    server.store.setDownloadFault('none');
    server.store.setPolicy('EnableDeviceUpdate', false);
    expect(await check('5.9.5.0614')).toMatchObject({ type: 'update.none', reason: expect.stringMatching(/EnableDeviceUpdate is False/) });
  });
});
