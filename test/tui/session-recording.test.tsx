import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { newestCertified } from '../../src/core/catalog.js';
import { sessionRecording } from '../../src/cli/recording.js';
import { lockScreen, signedInUser, webCode } from '../../src/core/selectors.js';
import { completeWebSignIn } from '../../src/pc/browser-sign-in.js';
import { loadTenant } from '../../src/profiles/load-tenant.js';
import { packageRoot } from '../../src/profiles/paths.js';
import { startPhoneSession, type PhoneSession } from '../../src/phone/phone-session.js';
import { describeScenarioProblem, loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import type { SessionRecorder } from '../../src/scenario/session-recorder.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { PhoneApp } from '../../src/tui/PhoneApp.js';
import { projectData, profile } from '../helpers/data.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
/** The machine is shared and loaded: wait on what the user would see, generously. */
const patience = { timeout: 15_000, interval: 20 };
const enter = '\r';
const down = '\u001B[B';
/** The shipped schema for editors: a recording is checked by it too. */
const validateSchema = new Ajv2020.default({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(join(packageRoot(), 'schema', 'scenario.schema.json'), 'utf8')) as object);
const work = mkdtempSync(join(tmpdir(), 'phone-emu-record-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What a user of the default tenant (tenants/contoso.yaml) types, and the PIN they choose. */
const secrets = { PHONE_EMU_PASSWORD: 'Pa55w.rd', PHONE_EMU_PIN: '13579', PHONE_EMU_PIN_2: '24680', PHONE_EMU_LOCK_PIN: '123456' };

type Stdin = { write(data: string): void };
type Frame = () => string | undefined;

describe('a session recorded through the TUI replays green', () => {
  let server: UpdateServer | undefined;
  let session: PhoneSession | undefined;
  afterEach(async () => {
    session?.close();
    await server?.close();
  });

  /** `phone-emu start --record FILE` for one device: the embedded server's tenant, the TUI on a fake stdin. */
  async function record(device: string, file: string, options: { firmware?: string; recordSecrets?: boolean } = {}) {
    const data = projectData();
    const tenant = loadTenant(undefined);
    server = await startUpdateServer({ data, tenant });
    const phone = profile(device);
    const firmware = options.firmware ?? newestCertified(data.families.get(phone.firmwareFamily)!, phone)!.version;
    session = startPhoneSession({ profile: phone, firmware, serverUrl: server.url });
    const recordSession = (await sessionRecording({ record: file, recordSecrets: options.recordSecrets }))!;
    const recorder = recordSession(session, { tenant, command: `phone-emu start (${device})` });
    const app = render(<PhoneApp session={session} epochMs={Date.UTC(2026, 10, 22, 9, 0, 0)} realTime={false} observer={recorder} />);
    await tick();
    await keys(app.stdin, '['); // a minute: boot and connect
    await vi.waitFor(() => expect(app.lastFrame()).toContain('● Online'), patience);
    return { ...app, recorder };
  }

  async function keys(stdin: Stdin, ...chunks: string[]) {
    for (const chunk of chunks) {
      stdin.write(chunk);
      await tick();
    }
  }

  /** The session ends (Ctrl+C): the recorder writes its last expectation. */
  function stop(app: { unmount(): void; recorder: SessionRecorder }) {
    app.unmount();
    app.recorder.finish();
  }

  async function replay(file: string, env: Record<string, string> = secrets) {
    expect(validateSchema(parse(readFileSync(file, 'utf8'))), JSON.stringify(validateSchema.errors)).toBe(true);
    const loaded = loadScenarioFile(file, file, projectData(), env);
    if (!loaded.ok) throw new Error(loaded.problems.map(describeScenarioProblem).join('\n'));
    return runScenario(loaded.scenario, { data: projectData() });
  }

  /** User ID from the start screen, name and password pasted with their Enters, then the Phone-Lock PIN twice. */
  async function signInByUserId(stdin: Stdin, lastFrame: Frame, signIn: string) {
    await keys(stdin, ...signIn.split(''));
    await vi.waitFor(() => expect(lastFrame()).toContain('typing into the field'), patience);
    await keys(stdin, `amosm@contoso.com${enter}Pa55w.rd${enter}`);
    await vi.waitFor(() => expect(lastFrame()).toMatch(/PIN/), patience);
    await keys(stdin, '123456', enter, '123456', enter);
    await vi.waitFor(() => expect(signedInUser(session!.actor.getSnapshot())?.upn).toBe('amosm@contoso.com'), patience);
    await vi.waitFor(() => expect(lockScreen(session!.actor.getSnapshot())).toBe('unlocked'), patience);
  }

  /** Ten minutes idle lock the phone; the PIN unlocks it. */
  async function lockAndUnlock(stdin: Stdin, lastFrame: Frame) {
    await keys(stdin, ']'); // 15 minutes
    await vi.waitFor(() => expect(lockScreen(session!.actor.getSnapshot())).toBe('locked'), patience);
    await keys(stdin, 'x', '123456', enter);
    await vi.waitFor(() => expect(lockScreen(session!.actor.getSnapshot())).toBe('unlocked'), patience);
    expect(lastFrame()).toContain('checkpoint recorded');
  }

  it('Polycom: postpones the offered update, walks the menu with arrows, signs in, locks and unlocks', { timeout: 60_000 }, async () => {
    const file = join(work, 'polycom.yaml');
    const app = await record('polycom-vvx-601', file, { firmware: '5.8.0.13337' });
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Postpone'), patience);
    await keys(app.stdin, 'w'); // the second softkey: Postpone
    await keys(app.stdin, 'h', down, enter); // Home, then the second row
    await keys(app.stdin, 'x', '\u001B', '\u001B');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Sign In'), patience);
    await signInByUserId(app.stdin, app.lastFrame, 'q1');
    await lockAndUnlock(app.stdin, app.lastFrame);
    stop(app);
    const text = readFileSync(file, 'utf8');
    const steps = (parse(text) as { steps: Record<string, unknown>[] }).steps;
    expect(steps).toContainEqual({ press: 'Postpone' });
    expect(steps.some((step) => typeof step.select === 'string')).toBe(true);
    expect(steps).not.toContainEqual({ press: 'Down' });
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+scenario\.schema\.json\n/);
    const result = await replay(file);
    expect(result.failure, text).toBeUndefined();
    expect(result.status).toBe('passed');
  });

  it('Yealink: signs in by User ID, locks and unlocks; with --record-secrets the file holds them and needs no variable', { timeout: 60_000 }, async () => {
    const file = join(work, 'yealink.yaml');
    const app = await record('yealink-t48g', file, { recordSecrets: true });
    await signInByUserId(app.stdin, app.lastFrame, '1');
    await lockAndUnlock(app.stdin, app.lastFrame);
    stop(app);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('--record-secrets');
    expect(text).toContain('type: "123456"');
    expect(text).not.toContain('${');
    const result = await replay(file, {});
    expect(result.failure, text).toBeUndefined();
  });

  it('AudioCodes: signs in by User ID, locks and unlocks; no PIN or password in the file, and replay reads them from the environment', { timeout: 60_000 }, async () => {
    const file = join(work, 'audiocodes.yaml');
    const app = await record('audiocodes-450hd', file);
    await signInByUserId(app.stdin, app.lastFrame, '1');
    await lockAndUnlock(app.stdin, app.lastFrame);
    stop(app);
    const text = readFileSync(file, 'utf8');
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
    expect(text).toMatch(/^#\s+PHONE_EMU_LOCK_PIN\s+typed into the newLockPin field$/m);
    expect(text).toContain('type: ${PHONE_EMU_LOCK_PIN}');
    const result = await replay(file);
    expect(result.failure, text).toBeUndefined();
    // Without the variable the file is refused before anything runs, naming the step and the variable.
    const { PHONE_EMU_LOCK_PIN: _, ...withoutPin } = secrets;
    const loaded = loadScenarioFile(file, 'audiocodes.yaml', projectData(), withoutPin);
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? [] : loaded.problems.map(describeScenarioProblem)[0]).toMatch(/^audiocodes\.yaml: steps\[\d+\]\.type: \$\{PHONE_EMU_LOCK_PIN\} is not set in the environment/);
  });

  it('Lync Phone Edition: signs in from the PC over USB, creates the PIN and locks', { timeout: 60_000 }, async () => {
    const file = join(work, 'lpe.yaml');
    const app = await record('lpe-cx600', file);
    await keys(app.stdin, 'p', 's', `amosm@contoso.com${enter}`, `Pa55w.rd${enter}`);
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/PIN/), patience);
    await keys(app.stdin, 'p', '123456', enter, '123456', enter);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('amosm@contoso.com'), patience);
    await keys(app.stdin, 'l', 'x');
    stop(app);
    const text = readFileSync(file, 'utf8');
    expect(parse(text).steps).toContainEqual({ signIn: { method: 'usb', user: 'amosm@contoso.com' } });
    const result = await replay(file);
    expect(result.failure, text).toBeUndefined();
  });

  it('Yealink: a web sign-in finished in a browser is replayed by a browser: step', { timeout: 60_000 }, async () => {
    const file = join(work, 'yealink-web.yaml');
    const app = await record('yealink-t48g', file);
    await keys(app.stdin, '2'); // 2. Web Sign-in
    await vi.waitFor(() => expect(webCode(session!.actor.getSnapshot())).not.toBeNull(), patience);
    const code = webCode(session!.actor.getSnapshot())!;
    const done = await completeWebSignIn({ url: code.url, user: 'amosm@contoso.com', code: code.code, password: 'Pa55w.rd', account: 'pick' });
    expect(done.done).toBe(true);
    await vi.waitFor(() => expect(lockScreen(session!.actor.getSnapshot())).toBe('creating'), patience);
    await keys(app.stdin, '123456', enter, '123456', enter);
    await vi.waitFor(() => expect(lockScreen(session!.actor.getSnapshot())).toBe('unlocked'), patience);
    stop(app);
    const text = readFileSync(file, 'utf8');
    const steps = (parse(text) as { steps: Record<string, unknown>[] }).steps;
    expect(steps.filter((step) => step.advance === undefined).slice(0, 2)).toEqual([{ select: 'Web Sign-in' }, { browser: { user: 'amosm@contoso.com' } }]);
    const result = await replay(file);
    expect(result.failure, text).toBeUndefined();
  });
});
