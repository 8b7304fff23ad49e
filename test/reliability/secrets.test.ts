import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { completeWebSignIn } from '../../src/pc/browser-sign-in.js';
import { PcClient } from '../../src/pc/pc-client.js';
import { startPhoneSession } from '../../src/phone/phone-session.js';
import { killHard, startServerProcess } from '../helpers/cli.js';
import { profile } from '../helpers/data.js';
import { driverFor } from '../helpers/rig.js';
import { createPin, signInWith } from '../helpers/sign-in.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Secrets no one could mistake for anything else, so finding one anywhere is a leak. */
const password = 'Zebra-Secret-4711';
const signInPin = '8642097';
const lockPin = '3141592';
const secrets = [password, signInPin, lockPin];
const zoe = { upn: 'zoe@fabrikam.com', password, extension: '5150', pin: signInPin };

describe('passwords and PINs', () => {
  it('reach no log, event pane, admin view, state file, or frame a server sends, whatever the user does with them', async () => {
    const tenantFile = join(dir, 'tenant.yaml');
    writeFileSync(
      tenantFile,
      `deployment: { sfb: onprem, exchange: onprem, mfa: false }\nusers:\n  - { upn: ${zoe.upn}, password: "${password}", licenses: [PhoneSystem, CallingPlan], extension: "${zoe.extension}", pin: "${signInPin}" }\n`,
    );
    const serverFile = join(dir, 'server.json');
    const phoneFile = join(dir, 'phone.json');
    const server = await startServerProcess('--port', '0', '--tenant', tenantFile, '--state', serverFile);
    let output = '';
    server.child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const http = server.url.replace('ws:', 'http:');

    const session = startPhoneSession({ profile: profile('polycom-vvx-601'), firmware: '5.9.5.0614', serverUrl: server.url, state: { file: phoneFile } });
    const pane: string[] = [];
    session.log.subscribe(() => pane.push(session.log.entries().at(-1)!.text));
    const received: string[] = [];
    session.link.events.on('frame', (direction, frame) => direction === 'in' && received.push(frame));
    const phone = { ...driverFor(session.actor, session.link), server: { url: server.url } };
    await session.jump(60_000);

    // Wrong then right, by every way a secret travels: PIN authentication, the lock screen,
    // User ID, the browser, the paired PC.
    await signInWith(phone, 'pin', { ...zoe, pin: '0000000' });
    await phone.softkey('Cancel');
    await signInWith(phone, 'pin', zoe);
    expect(phone.context().account.user?.upn).toBe(zoe.upn);
    await createPin(phone, lockPin);
    await phone.key('Lock');
    await phone.keys('9999999');
    await phone.key('Select');
    await phone.keys(lockPin);
    await phone.key('Select');
    expect(phone.lockPhase()).toBe('unlocked');
    await phone.softkey('Sign Out');
    await signInWith(phone, 'userId', { ...zoe, password: 'not-it' });
    await phone.softkey('Cancel');
    await phone.softkey('Sign In');
    await phone.choose('Web Sign-in');
    const code = phone.context().account.webCode!;
    const pages = [(await completeWebSignIn({ url: code.url, user: zoe.upn, code: code.code, password: 'wrong' })).page];
    const pc = await PcClient.connect({ url: server.url, phone: phone.context().identity.mac, pcPort: phone.link.pcPort });
    await pc.pair();
    expect(await pc.signIn(zoe.upn, password)).toMatchObject({ outcome: 'signedIn' });
    await vi.waitFor(() => expect(phone.context().account.user?.upn).toBe(zoe.upn));
    pc.close();

    const views = await Promise.all(
      ['server', 'policies', 'devices', 'test-devices', 'firmware'].map(async (path) => (await fetch(new URL(`admin/${path}`, http))).text()),
    );
    await vi.waitFor(() => expect(JSON.parse(readFileSync(serverFile, 'utf8')).sessions).toHaveLength(1), { timeout: 5_000 });
    session.close();
    await killHard(server.child);

    const observable = {
      'server output': output,
      'event pane': pane.join('\n'),
      'frames the server sent': received.join('\n'),
      'admin API': views.join('\n'),
      'web sign-in pages': pages.join('\n'),
      'phone state file': readFileSync(phoneFile, 'utf8'),
      'server state file': readFileSync(serverFile, 'utf8'),
    };
    for (const [where, text] of Object.entries(observable)) {
      expect(text.length, where).toBeGreaterThan(0);
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
    }
    // The pane did see the sign-in frames, with their secrets masked.
    expect(observable['event pane']).toMatch(/signIn\.request .*"password":"•••"/);
    expect(observable['event pane']).toMatch(/signIn\.request .*"pin":"•••"/);
  });
});
