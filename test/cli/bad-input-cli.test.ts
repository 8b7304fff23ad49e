import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { savedPhone } from '../../src/cli/phone-state-file.js';
import { startPhoneSession } from '../../src/phone/phone-session.js';
import { loadTenant } from '../../src/profiles/load-tenant.js';
import { startUpdateServer } from '../../src/server/update-server.js';
import { runCli as run } from '../helpers/cli.js';
import { projectData, profile } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Refused before anything started: the message, the exit code, no server line, no stack trace. */
function expectRefused(result: ReturnType<typeof run>, status: number, message: RegExp) {
  expect(result.status, result.stderr).toBe(status);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).not.toMatch(/listening/);
}

/** A phone state file as `phone --state` writes it: a VVX 601, booted and welcomed. */
async function savedVvx(): Promise<string> {
  const path = join(dir, `vvx-${Math.random().toString(36).slice(2)}.json`);
  const server = await startUpdateServer({ data: projectData() });
  const session = startPhoneSession({ profile: profile('polycom-vvx-601'), firmware: '5.9.5.0614', serverUrl: server.url, state: { file: path } });
  await session.jump(60_000);
  session.close();
  await server.close();
  return path;
}

describe('bad options and files are refused before anything starts, naming what is wrong', { timeout: 120_000 }, () => {
  it('refuses a policy given on the command line that does not exist or is out of range', () => {
    expectRefused(run('server', '--port', '0', '--policy', 'EnableTeleport=1'), 2, /^phone-emu: --policy: "EnableTeleport" is not a policy/);
    expectRefused(run('server', '--port', '0', '--policy', 'MinPhonePinLength=3'), 2, /^phone-emu: --policy: MinPhonePinLength: 3 is not allowed; use a whole number from 4 to 15/);
    expectRefused(run('fleet', '--count', '1', '--policy', 'EnableDeviceUpdate=maybe'), 2, /^phone-emu: --policy: EnableDeviceUpdate: "maybe" is not allowed/);
  });

  it('refuses sign-in waves nobody in the tenant can do, or with a method a fleet cannot drive', () => {
    const unlicensed = file('unlicensed.yaml', 'users:\n  - { upn: pattif@contoso.com, password: x, licenses: [] }\n');
    expectRefused(run('fleet', '--count', '1', '--signin', 'userId', '--tenant', unlicensed), 2, /^phone-emu: --signin userId: the tenant \(.*unlicensed\.yaml\) has no user with a Phone System licence/);
    expectRefused(run('fleet', '--count', '1', '--signin', 'pc'), 2, /--signin.*'pc' is invalid.*userId, pin, web/);
    expectRefused(run('fleet', '--count', '1', '--signin', 'userId', '--signin-wave', '0'), 2, /--signin-wave/);
  });

  it('refuses a malformed or inconsistent tenant file, naming the file and the field', () => {
    const badUpn = file('bad-upn.yaml', 'users:\n  - { upn: amos, password: x, licenses: [PhoneSystem] }\n');
    expectRefused(run('server', '--port', '0', '--tenant', badUpn), 1, /nothing was started:\n {2}.*bad-upn\.yaml: users\[0\]\.upn: a UPN such as amosm@contoso\.com/);
    // `start` checks its tenant before it asks for a terminal.
    expectRefused(run('start', '--tenant', badUpn), 1, /bad-upn\.yaml: users\[0\]\.upn/);
    const twice = file('twice.yaml', 'users:\n  - { upn: a@b.com, password: x, extension: "1" }\n  - { upn: c@b.com, password: y, extension: "1" }\n');
    expect(() => loadTenant(twice)).toThrow(/twice\.yaml: users\[1\]\.extension: "1" belongs to another user/);
    expect(() => loadTenant(file('not-yaml.yaml', 'users: [\n'))).toThrow(/not-yaml\.yaml/);
    expect(() => loadTenant(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: file not found/);
  });

  it('refuses a broken server state file, naming the file and the field, and leaves it as it was', () => {
    const torn = file('torn.json', '{"format":"phone-emu server state","version":1,"deplo');
    expectRefused(run('server', '--port', '0', '--state', torn), 1, /torn\.json: not a state file \(not JSON/);
    expect(readFileSync(torn, 'utf8')).toBe('{"format":"phone-emu server state","version":1,"deplo');
    const wrongField = file('wrong-field.json', JSON.stringify({ format: 'phone-emu server state', version: 1, deployment: 'cloud' }));
    expectRefused(run('server', '--port', '0', '--state', wrongField), 1, /wrong-field\.json: deployment: /);
    expectRefused(run('server', '--port', '0', '--state', join(dir, 'no-such-folder', 'state.json')), 1, /the folder .*no-such-folder does not exist/);
  });

  it("refuses a phone state file that is broken, from another device, or not this catalog's", async () => {
    const saved = await savedVvx();
    const server = ['--server', 'ws://127.0.0.1:1'];
    expectRefused(run('phone', '--device', 'yealink-t48g', ...server, '--state', saved), 1, /device\.model: this file keeps a polycom-vvx-601, not a yealink-t48g/);
    expectRefused(run('phone', ...server, '--state', saved, '--firmware', 'latest'), 2, /--firmware: the phone in .* runs 5\.9\.5\.0614/);
    // A good file needs no --device: the phone would start, but there is no terminal here.
    expectRefused(run('phone', ...server, '--state', saved), 2, /needs a terminal/);

    expectRefused(run('phone', '--device', 'polycom-vvx-601', ...server, '--state', file('empty.json', '')), 1, /empty\.json: not a state file/);

    // The same checks, in the process: what `phone` and `start` read a state file with.
    type Saved = Record<string, unknown> & { snapshot: { context: Record<string, unknown> & { lock: object; update: object } } };
    const state = JSON.parse(readFileSync(saved, 'utf8')) as Saved;
    const refusal = (name: string, content: unknown) => () => savedPhone(projectData(), file(name, JSON.stringify(content)));
    const withContext = (change: Record<string, unknown>) => ({ ...state, snapshot: { ...state.snapshot, context: { ...state.snapshot.context, ...change } } });
    const { context } = state.snapshot;
    expect(refusal('plain-pin.json', withContext({ lock: { ...context.lock, pinHash: '123456' } }))).toThrow(
      /plain-pin\.json: snapshot\.context\.lock\.pinHash: a salted scrypt hash/,
    );
    expect(refusal('unknown-build.json', withContext({ firmware: '5.9.9.9999' }))).toThrow(
      /unknown-build\.json: snapshot\.context\.firmware: 5\.9\.9\.9999 is not in firmware-catalog\/polycom-ucs\.yaml/,
    );
    expect(refusal('not-a-version.json', withContext({ update: { ...context.update, previousFirmware: '../x' } }))).toThrow(
      /previousFirmware: "\.\.\/x" is not a polycom version/,
    );
    expect(refusal('other.json', { ...state, format: 'phone-emu server state' })).toThrow(/other\.json: format: /);
    expect(refusal('future.json', { ...state, clockMs: -5 })).toThrow(/future\.json: clockMs: /);
    // A dozen CLI processes one after another: bounded for a hang, not for the machine's speed.
  }, 120_000);
});
