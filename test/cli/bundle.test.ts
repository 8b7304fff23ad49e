import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';
import { cli } from '../helpers/cli.js';

// The bundle (scripts/bundle-cli.mjs) is what makes `phone-emu run` start in a fraction of the
// unbundled time: Node loads one file instead of ~400. These hold it to that.
const root = packageRoot();
const bundle = join(root, 'dist', 'bundle');
const builtin = new Set(builtinModules);

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

  it('is one file per entry (CLI, scenario thread, fleet child, socket worker) that loads only Node built-ins', () => {
    const files = readdirSync(bundle).filter((name) => name.endsWith('.js')).sort();
    expect(files).toEqual(['fleet-child.js', 'main.js', 'scenario-worker.js', 'socket-worker.js']);
    for (const file of files) {
      const outside = specifiers(file).filter((name) => !name.startsWith('node:') && !builtin.has(name));
      expect(outside, file).toEqual([]);
    }
  });

  it('keeps source maps that lead a stack trace back to the TypeScript', () => {
    const map = JSON.parse(readFileSync(join(bundle, 'main.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toEqual(expect.arrayContaining(['../../src/cli/main.ts', '../../src/scenario/run-scenario.ts']));
    // With --enable-source-maps a frame in the bundle reads as src/...ts:LINE.
    const probe = `import { findSourceMap } from 'node:module';
      process.argv = [process.argv[0], ${JSON.stringify(cli)}, '--version'];
      const url = ${JSON.stringify(`file://${cli}`)};
      await import(url);
      const code = (await import('node:fs')).readFileSync(new URL(url), 'utf8').split('\\n');
      const name = /function prefixCommanderMessages\\d*\\(/;
      const line = code.findIndex((text) => name.test(text));
      const entry = findSourceMap(new URL(url).pathname).findEntry(line, code[line].search(name));
      console.log(entry.originalSource);`;
    const result = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/src\/cli\/fail\.ts$/);
  });
});
