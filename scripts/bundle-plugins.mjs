// The esbuild plugins of the CLI's bundle (scripts/bundle-cli.mjs), apart so that tests can build
// with them (test/tui/frame-on-key.test.ts).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Ink imports its devtools.js (and through it react-devtools-core, not installed) only when
 * DEV=true. In one file that import would be static; this stand-in fails the way the missing
 * package does, so Ink prints its own hint as it does unbundled.
 */
export const inkDevtoolsAbsent = {
  name: 'ink-devtools-absent',
  setup(build) {
    build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) => (/[\\/]ink[\\/]/.test(args.importer) ? { path: 'ink-devtools', namespace: 'ink-devtools-absent' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'ink-devtools-absent' }, () => ({
      contents: "throw Object.assign(new Error(\"Cannot find package 'react-devtools-core'\"), { code: 'ERR_MODULE_NOT_FOUND' });",
      loader: 'js',
    }));
  },
};

/**
 * zod's namespace re-exports every one of its 60 locales (400 KB), which a bundle cannot
 * leave out; phone-emu's messages are English, so the bundle keeps only `en`.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Ink's measuring and styling helpers, their answers kept across frames (src/tui/kept/):
 * the top-level string-width (Ink, widest-line, cli-truncate; wrap-ansi has its own, older one)
 * and the tokenizer Ink's output.js splits lines with.
 */
export const keptAcrossFrames = {
  name: 'kept-across-frames',
  setup(build) {
    const shims = join(root, 'src', 'tui', 'kept');
    const topLevel = join(root, 'node_modules', 'string-width', 'index.js');
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.importer.startsWith(shims) || args.pluginData === 'real') return undefined;
      const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
      return real.path === topLevel ? { path: join(shims, 'string-width.ts') } : undefined;
    });
    build.onResolve({ filter: /^@alcalzone\/ansi-tokenize$/ }, (args) =>
      /[\\/]ink[\\/]build[\\/]output\.js$/.test(args.importer) ? { path: join(shims, 'ansi-tokenize.ts') } : undefined,
    );
  },
};

/**
 * A key's frame drawn at once (src/tui/frames/frame-on-key.ts): Ink's input handler marks a key, and
 * its throttled render flushes when one is marked. Each rewrite names the exact text it replaces: an
 * Ink that no longer has it fails the build.
 */
export const frameOnKey = {
  name: 'frame-on-key',
  setup(build) {
    const module = JSON.stringify(join(root, 'src', 'tui', 'frames', 'frame-on-key.ts'));
    const rewrites = [
      [
        /[\\/]ink[\\/]build[\\/]components[\\/]App\.js$/,
        'const emitInput = useCallback((input) => {\n        handleInput(input);',
        'const emitInput = useCallback((input) => {\n        keyArrived();\n        handleInput(input);',
        `import { keyArrived } from ${module};\n`,
      ],
      [
        /[\\/]ink[\\/]build[\\/]ink\.js$/,
        'this.hasPendingThrottledRender = true;\n                throttled();',
        'this.hasPendingThrottledRender = true;\n                throttled();\n                if (takeKeyFrame()) throttled.flush();',
        `import { takeKeyFrame } from ${module};\n`,
      ],
    ];
    for (const [file, from, to, importLine] of rewrites) {
      build.onLoad({ filter: file }, async (args) => {
        const source = readFileSync(args.path, 'utf8');
        const at = source.indexOf(from);
        if (at < 0 || source.indexOf(from, at + 1) >= 0) throw new Error(`frame-on-key: ${args.path} does not have this text exactly once (Ink changed?):\n${from}`);
        return { contents: importLine + source.slice(0, at) + to + source.slice(at + from.length), loader: 'js', resolveDir: dirname(args.path) };
      });
    }
  },
};
