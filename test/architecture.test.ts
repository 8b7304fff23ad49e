import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Which layers each layer of src/ may import: one direction, core at the bottom. */
const allowed: Record<string, readonly string[]> = {
  core: [],
  profiles: ['core'],
  provisioning: ['core', 'profiles'],
  protocol: ['core'],
  state: ['core', 'profiles'],
  server: ['core', 'profiles', 'provisioning', 'protocol', 'state'],
  phone: ['core', 'profiles', 'provisioning', 'protocol', 'state'],
  pc: ['core', 'protocol'],
  tui: ['core', 'phone', 'pc'],
  fleet: ['core', 'profiles', 'phone', 'pc'],
  scenario: ['core', 'profiles', 'server', 'phone', 'pc'],
  library: ['core', 'profiles', 'server', 'phone', 'pc', 'scenario'],
  'index.ts': ['core', 'library'],
  cli: ['core', 'profiles', 'protocol', 'state', 'server', 'phone', 'pc', 'tui', 'fleet', 'scenario', 'library'],
};

/** core is pure: no file, network or process access, so machines run anywhere on any clock. */
const forbiddenInCore = /^(node:(fs|net|http|https|child_process|dgram|worker_threads)|ws|ink|react)(\/|$)/;

const srcDir = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => (match[1] ?? match[2])!,
  );
}

describe('the layers of src/', () => {
  const files = sourceFiles(srcDir);

  it('has a known layer for every file', () => {
    for (const file of files) expect(Object.keys(allowed), relative(srcDir, file)).toContain(relative(srcDir, file).split(sep)[0]);
  });

  it('imports only in one direction', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = relative(srcDir, file).split(sep)[0]!;
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const target = relative(srcDir, join(file, '..', specifier)).split(sep)[0]!;
        if (target !== layer && !allowed[layer]!.includes(target)) violations.push(`${relative(srcDir, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps core free of I/O and UI', () => {
    const violations = files
      .filter((file) => relative(srcDir, file).startsWith(`core${sep}`))
      .flatMap((file) => importsOf(file).filter((specifier) => forbiddenInCore.test(specifier)).map((s) => `${relative(srcDir, file)}: ${s}`));
    expect(violations).toEqual([]);
  });

  it('reads a phone outside core only through core/selectors.ts: no context fields, no state paths', () => {
    // The state file is the machine's persisted snapshot: its schema names the context's fields.
    const exempt = new Set([join('phone', 'phone-state.ts')]);
    // The server holds no phone snapshot; its per-connection `context` objects are its own.
    const phoneFree = [`server${sep}`];
    const shapeRead = /\bcontext\.(lock|account|pairing|calling|call|update|signIn|menu|notice|warnings|identity|firmware|policy|profile|form)\b|\.matches\(/;
    const violations = files
      .filter((file) => !relative(srcDir, file).startsWith(`core${sep}`) && !exempt.has(relative(srcDir, file)))
      .filter((file) => !phoneFree.some((layer) => relative(srcDir, file).startsWith(layer)))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, index) => (shapeRead.test(line) ? [`${relative(srcDir, file)}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(violations).toEqual([]);
  });
});
