import { spawnSync } from 'node:child_process';
import { builtinModules, SourceMap, type SourceMapPayload } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';
import { cli } from '../helpers/cli.js';

// The bundle (scripts/bundle-cli.mjs) is what makes `phone-emu run` start in a fraction of the
// unbundled time: Node loads one file instead of ~400. These hold it to that.
const root = packageRoot();
const bundle = join(root, 'dist', 'bundle');
const builtin = new Set(builtinModules);
// ws's optional native add-ons: required inside a try, and absent here (ws then uses its own code).
// The ES module bundles call them through esbuild's __require, which the pattern below does not see.
const optionalAddOns = new Set(['bufferutil', 'utf-8-validate']);

/** Every module a bundled file asks Node for: its imports and the require() calls of its CommonJS parts. */
function specifiers(file: string): string[] {
  const code = readFileSync(join(bundle, file), 'utf8');
  const found = new Set<string>();
  for (const match of code.matchAll(/\bfrom\s*["']([\w@./:-]+)["']|\bimport\s*\(\s*["']([\w@./:-]+)["']\s*\)|\brequire\(\s*["']([\w@./:-]+)["']\s*\)/g)) {
    found.add(match[1] ?? match[2] ?? match[3]!);
  }
  return [...found];
}

describe('the bundled CLI', () => {
  it('is what npm start and the phone-emu bin run', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(join(root, manifest.bin['phone-emu']!)).toBe(cli);
    expect(manifest.scripts['start']).toBe('node dist/bundle/main.js start');
  });

  it('is one file per entry (launcher, CLI, terminal UI, scenario thread, fleet child, socket worker) that loads only Node built-ins', () => {
    const files = readdirSync(bundle).filter((name) => /\.c?js$/.test(name)).sort();
    expect(files).toEqual(['cli.cjs', 'fleet-child.js', 'main.js', 'scenario-worker.js', 'socket-worker.js', 'tui.js']);
    for (const file of files) {
      const outside = specifiers(file).filter((name) => !name.startsWith('node:') && !builtin.has(name) && !optionalAddOns.has(name));
      expect(outside, file).toEqual([]);
    }
  });

  it('keeps source maps that lead a position in the CLI and the terminal UI back to the TypeScript', () => {
    for (const [file, sources] of [
      ['cli.cjs', ['../../src/cli/main.ts', '../../src/scenario/run-scenario.ts']],
      ['tui.js', ['../../src/cli/commands/start.tsx', '../../src/tui/PhoneApp.tsx']],
    ] as const) {
      const payload = JSON.parse(readFileSync(join(bundle, `${file}.map`), 'utf8')) as SourceMapPayload;
      expect(payload.sources, file).toEqual(expect.arrayContaining([...sources]));
    }
    // A frame in the CLI, as a stack trace gives it, reads as src/...ts.
    const code = readFileSync(join(bundle, 'cli.cjs'), 'utf8').split('\n');
    const name = /function prefixCommanderMessages\d*\(/;
    const line = code.findIndex((text) => name.test(text));
    const payload = JSON.parse(readFileSync(join(bundle, 'cli.cjs.map'), 'utf8')) as SourceMapPayload;
    const entry = new SourceMap(payload).findEntry(line, code[line]!.search(name)) as { originalSource?: string };
    expect(entry.originalSource).toMatch(/src\/cli\/fail\.ts$/);
  });

  it('runs the CLI with its compiled code kept: a second run reads the V8 cache of the first', () => {
    const cache = mkdtempSync(join(tmpdir(), 'phone-emu-code-cache-'));
    try {
      const run = () => spawnSync(process.execPath, [cli, 'devices', '--json'], { encoding: 'utf8', env: { ...process.env, PHONE_EMU_CACHE_DIR: cache } });
      const first = run();
      expect(first.status, first.stderr).toBe(0);
      const kept = readdirSync(cache).filter((name) => name.endsWith('.v8'));
      expect(kept).toEqual([expect.stringMatching(/^cli-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+-devices\.v8$/)]);
      const written = statSync(join(cache, kept[0]!)).mtimeMs;
      const second = run();
      expect(second.status).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      // Accepted, so not written again.
      expect(statSync(join(cache, kept[0]!)).mtimeMs).toBe(written);
      // A cache V8 refuses (another build's, a damaged file) is replaced, and the command still runs.
      writeFileSync(join(cache, kept[0]!), 'not a code cache');
      const third = run();
      expect(third.status).toBe(0);
      expect(third.stdout).toBe(first.stdout);
      expect(readFileSync(join(cache, kept[0]!), 'utf8')).not.toBe('not a code cache');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
