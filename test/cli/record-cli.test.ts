import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cli, killHard, runCli as run } from '../helpers/cli.js';

/** util-linux `script` gives `start` the terminal it needs (raw mode), as a user's would. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const work = mkdtempSync(join(tmpdir(), 'phone-emu-record-cli-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => killHard(child)));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const runScenario = (file: string, env: Record<string, string> = {}) => {
  const { CI: _ci, ...environment } = process.env;
  return spawnSync(process.execPath, [cli, 'run', file], { cwd: work, encoding: 'utf8', env: { ...environment, ...env } });
};

describe('phone-emu --record', () => {
  it('refuses --record-secrets without --record, and a file it cannot write, before drawing anything', () => {
    const alone = run('phone', '--device', 'polycom-vvx-601', '--server', 'ws://127.0.0.1:9', '--record-secrets');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toBe('phone-emu: --record-secrets goes with --record FILE\n');
    const nowhere = run('start', '--record', join(work, 'no-such-folder', 'x.yaml'));
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/^phone-emu: --record .*x\.yaml: cannot write there: ENOENT/);
    // A folder: the session used to start and fail at its first write (EISDIR), after the device was picked.
    const folder = run('start', '--record', work);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toBe(`phone-emu: --record ${work}: is a folder; give the file to write, e.g. ${work}/session.yaml\n`);
  });

  it('run reads ${NAME} from the environment, and names the step and the variable when it is missing (exit 2)', () => {
    const file = join(work, 'pin.yaml');
    writeFileSync(file, 'name: a PIN from the environment\ndevice: yealink-t48g\nsteps:\n  - press: Home\n  - type: ${PHONE_EMU_LOCK_PIN}\n');
    const missing = runScenario(file);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('pin.yaml: steps[1].type: ${PHONE_EMU_LOCK_PIN} is not set in the environment: set PHONE_EMU_LOCK_PIN');
    expect(runScenario(file, { PHONE_EMU_LOCK_PIN: '123456' }).status).toBe(0);
  });

  it.skipIf(!hasScript)('start --record: a session in a terminal, a checkpoint, Ctrl+C, and the file replays green', async () => {
    const file = join(work, 'session.yaml');
    const command = [process.execPath, cli, 'start', '--record', file].map((part) => `'${part}'`).join(' ');
    const { CI: _ci, ...environment } = process.env;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...environment, COLUMNS: '100', LINES: '40' } });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await vi.waitFor(() => expect(output).toContain('update server: ws://'), { timeout: 30_000, interval: 100 });
    child.stdin.write('1\r'); // the first model of the picker (1 alone waits for a second digit: 10-19)
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 30_000, interval: 100 });
    child.stdin.write('['); // a minute of virtual time: boot and connect
    await vi.waitFor(() => expect(output).toContain('Online'), { timeout: 30_000, interval: 100 });
    child.stdin.write('x');
    await vi.waitFor(() => expect(readFileSync(file, 'utf8')).toContain('- expect:'), { timeout: 30_000, interval: 100 });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.write('\u0003');
    await exited;
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    expect(text.match(/- expect:/g)).toHaveLength(2);
    const replay = runScenario(file, { PHONE_EMU_PASSWORD: 'Pa55w.rd', PHONE_EMU_PIN: '13579', PHONE_EMU_PIN_2: '24680' });
    expect(replay.status, `${text}\n${replay.stdout}${replay.stderr}`).toBe(0);
  }, 120_000);
});
