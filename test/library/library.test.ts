import { afterEach, describe, expect, it } from 'vitest';
import { createPc, runScenarios, startPhone, startServer, webSignIn, type PhoneHandle, type ServerHandle } from '../../src/index.js';

/** The library's entry points on real servers and phones; the README example runs in packed-package.test.ts. */
let server: ServerHandle | undefined;
let phone: PhoneHandle | undefined;
afterEach(async () => {
  await phone?.close();
  await server?.close();
  phone = undefined;
  server = undefined;
});

describe('phone-emu as a library', () => {
  it('refuses a wrong device or build with a phone-emu: message naming it', async () => {
    server = await startServer();
    await expect(startPhone({ device: 'yealink-t99', server })).rejects.toThrow(/^phone-emu: startPhone: device: "yealink-t99" is not a device id/);
    await expect(startPhone({ device: 'yealink-t48g', server, firmware: '1.2' })).rejects.toThrow(/^phone-emu: startPhone: firmware: /);
  });

  it('signs in through the web sign-in pages and pairs a PC that locks the phone', async () => {
    server = await startServer();
    phone = await startPhone({ device: 'polycom-vvx-601', server });
    await phone.signIn({ method: 'web' });
    const result = await webSignIn({ phone, user: 'amosm@contoso.com', password: 'Pa55w.rd' });
    expect(result.done).toBe(true);
    await phone.waitFor((facts) => facts.signedIn === 'amosm@contoso.com');
    await phone.setPin('135790');
    const pc = await createPc({ server, phone });
    expect(await pc.pair()).toBe('paired');
    await phone.waitFor({ paired: true });
    pc.setLocked(true);
    await phone.waitFor({ locked: true });
    pc.close();
  });

  it('waitFor gives up after its timeout with the screen', async () => {
    server = await startServer();
    phone = await startPhone({ device: 'yealink-t48g', server });
    await expect(phone.waitFor({ locked: true }, { timeout: 200 })).rejects.toThrow(/still not true after 200 ms; the screen:/);
  });

  it('runScenarios returns the JSON report, and names a missing path', async () => {
    const report = await runScenarios('scenarios/yealink/t48g-firmware-status.yaml');
    expect(report).toMatchObject({ version: 1, summary: { total: 1, passed: 1, exitCode: 0 } });
    expect(report.scenarios[0]!.file).toBe('scenarios/yealink/t48g-firmware-status.yaml');
    await expect(runScenarios(['nope/'])).rejects.toThrow('phone-emu: no such file or folder: nope/');
  });
});
