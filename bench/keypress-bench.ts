import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { render, type RenderOptions } from 'ink';
import { createElement } from 'react';
import { startPhoneSession } from '../src/phone/phone-session.js';
import { loadProjectData } from '../src/profiles/load-data.js';
import { packageRoot } from '../src/profiles/paths.js';
import { startUpdateServer } from '../src/server/update-server.js';
import { inkRenderOptions } from '../src/tui/ink-options.js';
import { PhoneApp } from '../src/tui/PhoneApp.js';
import { median, percentile } from './measure.js';

/** A terminal's output as Ink sees it (a TTY of 160x50); hears every frame Ink writes. */
class FakeTerminalOut extends Writable {
  readonly isTTY = true;
  readonly columns = 160;
  readonly rows = 50;
  onFrame: ((at: number) => void) | undefined;

  override write(chunk: unknown, ...rest: unknown[]): boolean {
    const text = String(chunk);
    // Synchronized-update brackets and cursor toggles are not frames.
    if (text.length > 16) this.onFrame?.(performance.now());
    const done = rest.find((value) => typeof value === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }
}

/** A terminal's keyboard as Ink reads it: raw mode, 'readable' events. */
function fakeTerminalIn(): PassThrough & { isTTY: boolean; setRawMode(on: boolean): void; ref(): void; unref(): void } {
  return Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {}, ref: () => {}, unref: () => {} });
}

export interface KeypressFigures {
  readonly spaced: { readonly medianMs: number; readonly p95Ms: number };
  readonly backToBack: { readonly medianMs: number; readonly p95Ms: number };
  readonly presses: number;
}

/**
 * Time from a key written to the terminal's stdin to the changed frame written to its
 * stdout, through Ink with the CLI's own render options (its frame throttle included), on
 * a Polycom VVX 601 going in and out of its Settings menu (1, then the Back softkey q): every
 * key changes the screen's text (the arrows move a highlight that a colourless stream would not show).
 * Spaced: 60 ms between a frame and the next key, a person reading. Back to back: the
 * next key as soon as the frame is out, a key held down. Virtual time stands still
 * (realTime off) so that no clock frame passes for a key's.
 */
export async function keypressThroughInk(presses = 200, renderOptions: RenderOptions = inkRenderOptions): Promise<KeypressFigures> {
  const data = loadProjectData();
  const server = await startUpdateServer({ data });
  const session = startPhoneSession({ profile: data.profiles.get('polycom-vvx-601')!, firmware: '5.9.5.0614', serverUrl: server.url });
  await session.jump(60_000);
  const stdout = new FakeTerminalOut();
  const stdin = fakeTerminalIn();
  const app = render(createElement(PhoneApp, { session, epochMs: 0, realTime: false }), {
    ...renderOptions,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    patchConsole: false,
  });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await pause(100);
  stdin.write('h'); // Home: the menu; 1 opens Settings, q (the Back softkey) returns
  await pause(100);
  const press = (index: number) =>
    new Promise<number>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no frame within 2 s of a key')), 2_000);
      const start = performance.now();
      stdout.onFrame = (at) => {
        stdout.onFrame = undefined;
        clearTimeout(timeout);
        resolve(at - start);
      };
      stdin.write(index % 2 === 0 ? '1' : 'q');
    });
  const spaced: number[] = [];
  const backToBack: number[] = [];
  try {
    for (let i = 0; i < presses; i += 1) {
      spaced.push(await press(i));
      await pause(60);
    }
    for (let i = 0; i < presses; i += 1) backToBack.push(await press(i));
  } finally {
    app.unmount();
    session.close();
    await server.close();
  }
  const figures = (samples: number[]) => ({ medianMs: median(samples), p95Ms: percentile(samples, 95) });
  return { spaced: figures(spaced), backToBack: figures(backToBack), presses };
}

/**
 * keypressThroughInk in a fresh process configured as the CLI is (bench/keypress-child.ts),
 * bundled as the CLI is (dist/bench-bundle, scripts/bundle-cli.mjs: Ink's widths and styled
 * lines kept across frames); `before`: as it was before issue 19, unbundled, React's
 * development build and Ink's default 30 fps.
 */
export function keypressInChildProcess(presses = 200, before = false): KeypressFigures {
  const child = before ? join(packageRoot(), 'dist', 'bench', 'keypress-child.js') : join(packageRoot(), 'dist', 'bench-bundle', 'keypress-child.js');
  const env = before ? { ...withoutCi(process.env), NODE_ENV: 'development' } : withoutCi(process.env);
  const result = spawnSync(process.execPath, [child, String(presses), ...(before ? ['ink-defaults'] : [])], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`the keypress bench failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as KeypressFigures;
}

/** The CLI runs in a terminal, where CI is rarely set; under CI Ink would draw only the last frame. */
function withoutCi(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { CI: _ci, ...rest } = env;
  return rest;
}
