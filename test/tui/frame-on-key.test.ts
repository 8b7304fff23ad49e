import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { frameOnKey, inkDevtoolsAbsent } from '../../scripts/bundle-plugins.mjs';
import { packageRoot } from '../../src/profiles/paths.js';

// Ink's frame throttle, as the CLI's bundle changes it (scripts/bundle-plugins.mjs, frame-on-key):
// a frame a key caused is drawn at once; others wait out the throttle (120 a second). Built here
// with and without the rewrite, so the test shows what it changes. Timers and Date are fake, so
// the throttle's 9 ms never pass unless the test moves them: nothing depends on the machine's speed.
const root = packageRoot();
const folder = mkdtempSync(join(tmpdir(), 'phone-emu-frame-on-key-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Counter {
  /** A change no key caused (a clock tick, a server push). */
  bump(): void;
  unmount(): void;
}
type Start = (stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream) => Counter;

/** A screen that counts keys and bumps, rendered with the CLI's Ink options, bundled as the CLI is or without frame-on-key. */
async function bundledCounter(withFrameOnKey: boolean): Promise<Start> {
  const entry = `
    import { render, Text, useInput } from 'ink';
    import { createElement, useEffect, useState } from 'react';
    import { inkRenderOptions } from ${JSON.stringify(join(root, 'src', 'tui', 'ink-options.ts'))};
    export function start(stdout, stdin) {
      let bump = () => {};
      function Counter() {
        const [keys, setKeys] = useState(0);
        const [bumps, setBumps] = useState(0);
        useInput(() => setKeys((n) => n + 1));
        useEffect(() => { bump = () => setBumps((n) => n + 1); }, []);
        return createElement(Text, null, 'keys ' + keys + ' bumps ' + bumps);
      }
      const app = render(createElement(Counter), { ...inkRenderOptions, exitOnCtrlC: false, stdout, stdin, stderr: stdout, patchConsole: false });
      return { bump: () => bump(), unmount: () => app.unmount() };
    }`;
  const outfile = join(folder, `counter-${withFrameOnKey ? 'with' : 'without'}.mjs`);
  await build({
    stdin: { contents: entry, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: withFrameOnKey ? [inkDevtoolsAbsent, frameOnKey] : [inkDevtoolsAbsent],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  // Under CI Ink draws only the last frame (is-in-ci, read once as Ink loads): a terminal's Ink here.
  const ci = process.env['CI'];
  process.env['CI'] = 'false';
  try {
    return ((await import(pathToFileURL(outfile).href)) as { start: Start }).start;
  } finally {
    if (ci === undefined) delete process.env['CI'];
    else process.env['CI'] = ci;
  }
}

/** A terminal: a TTY of 80x24 whose frames the test reads. */
function terminal() {
  const frames: string[] = [];
  const stdout = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        const text = String(chunk);
        if (/keys \d+/.test(text)) frames.push(/keys \d+ bumps \d+/.exec(text)![0]);
        done();
      },
    }),
    { isTTY: true, columns: 80, rows: 24 },
  );
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {}, ref: () => {}, unref: () => {} });
  return { frames, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream & PassThrough };
}

/** The counter, bundled with or without frame-on-key, on a new terminal under fake timers, its first frame drawn. */
async function startCounter(withFrameOnKey: boolean) {
  const start = await bundledCounter(withFrameOnKey);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const { frames, stdout, stdin } = terminal();
  const app = start(stdout, stdin);
  await settle();
  return { app, frames, stdin };
}

/** Lets Ink read the key and React commit (neither uses the faked timers). */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe("a key's frame", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is drawn at once with the bundle, even right after a frame; a change no key caused still waits for the throttle', async () => {
    const { app, frames, stdin } = await startCounter(true);
    expect(frames).toEqual(['keys 0 bumps 0']);
    // The throttle's clock stands still: each key comes within 9 ms of the frame before.
    stdin.write('1');
    await settle();
    expect(frames.at(-1)).toBe('keys 1 bumps 0');
    stdin.write('q');
    await settle();
    expect(frames.at(-1)).toBe('keys 2 bumps 0');
    app.bump();
    await settle();
    expect(frames.at(-1)).toBe('keys 2 bumps 0');
    vi.advanceTimersByTime(10);
    await settle();
    expect(frames.at(-1)).toBe('keys 2 bumps 1');
    app.unmount();
  });

  it("waits out Ink's throttle without the bundle's rewrite (what it changes)", async () => {
    const { app, frames, stdin } = await startCounter(false);
    stdin.write('1');
    await settle();
    expect(frames.at(-1)).toBe('keys 0 bumps 0');
    vi.advanceTimersByTime(10);
    await settle();
    expect(frames.at(-1)).toBe('keys 1 bumps 0');
    app.unmount();
  });
});
