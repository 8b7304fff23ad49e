// Bundles the CLI and the entries it starts in threads and processes into dist/bundle/, a
// handful of files instead of the ~400 modules Node's ESM loader would otherwise resolve and
// compile on every start (docs/decisions/0017-startup-bundle.md). Run after tsc by `npm run build`.
// For before-and-after measurements only: PHONE_EMU_BUNDLE_OUT=DIR writes the CLI's files there,
// PHONE_EMU_BUNDLE_NO_KEPT=1 leaves out Ink's kept widths (src/tui/kept).
// The CLI itself is cli.cjs, a CommonJS script main.js runs with V8's code cache
// (src/cli/launch.ts, docs/decisions/0018-cli-code-cache.md); the terminal UI is tui.js.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = process.env['PHONE_EMU_BUNDLE_OUT'] ?? join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

/**
 * Ink imports its devtools.js (and through it react-devtools-core, not installed) only when
 * DEV=true. In one file that import would be static; this stand-in fails the way the missing
 * package does, so Ink prints its own hint as it does unbundled.
 */
const inkDevtoolsAbsent = {
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
const zodEnglishOnly = {
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
const keptAcrossFrames = {
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

const options = {
  absWorkingDir: root,
  // All outputs in one folder: code that finds a sibling through import.meta.url
  // (the worker entries, the package folder) sees the same folder from every file.
  entryPoints: {
    tui: 'src/cli/tui-commands.ts',
    'scenario-worker': 'src/scenario/scenario-worker.ts',
    'fleet-child': 'src/fleet/fleet-child.ts',
    'socket-worker': 'src/server/workers/socket-worker.ts',
  },
  bundle: true,
  // Whitespace and syntax only: names stay as written, for stack traces and profiles.
  minifyWhitespace: true,
  minifySyntax: true,
  // One scope renames clashing functions (xstate's `not` becomes not2); the chart reads guards' names.
  keepNames: true,
  // The CLI runs React's production build (src/cli/main.ts); deciding it here leaves the
  // development builds (half of react-reconciler's megabyte) out of the file.
  define: { 'process.env.NODE_ENV': '"production"' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  plugins: [inkDevtoolsAbsent, zodEnglishOnly, ...(process.env['PHONE_EMU_BUNDLE_NO_KEPT'] === '1' ? [] : [keptAcrossFrames])],
  // CommonJS dependencies (ws, react, commander) call require() for Node's modules.
  banner: { js: "import { createRequire as __phoneEmuRequire } from 'node:module';\nconst require = __phoneEmuRequire(import.meta.url);" },
  // src/cli/main.ts still sets NODE_ENV at run time, for the processes it starts.
  logOverride: { 'assign-to-define': 'silent' },
  logLevel: 'warning',
};

/**
 * In cli.cjs, the commands that draw a phone come from tui.js at run time, an ES module, through
 * the import() main.js passes the script (__phoneEmuImport, src/cli/launch.ts): a script's own
 * import() needs a vm option that is experimental in Node 20.
 */
const terminalUiApart = {
  name: 'terminal-ui-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/(start|phone)\.js$/ }, (args) =>
      args.importer.endsWith(join('src', 'cli', 'main.ts')) ? { path: args.path, namespace: 'terminal-ui-apart' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'terminal-ui-apart' }, (args) => {
      const name = /start/.test(args.path) ? 'startCommand' : 'phoneCommand';
      return { contents: `export const ${name} = (...args) => __phoneEmuImport('./tui.js').then((tui) => tui.${name}(...args));`, loader: 'js' };
    });
  },
};

await build({ ...options, outdir });
await build({
  ...options,
  entryPoints: { cli: 'src/cli/main.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  plugins: [terminalUiApart, ...options.plugins],
  // import.meta of the ES modules, as the file it now is; the script's own require() is Node's.
  define: { ...options.define, 'import.meta.url': '__phoneEmuFileUrl' },
  banner: { js: "const __phoneEmuFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  outdir,
});
const cliCode = readFileSync(join(outdir, 'cli.cjs'));
const cliHash = createHash('sha256').update(cliCode).digest('hex');
await build({
  ...options,
  entryPoints: { main: 'src/cli/launch.ts' },
  define: { ...options.define, PHONE_EMU_CLI_HASH: JSON.stringify(cliHash) },
  outdir,
});
// The keypress bench's child, built as the CLI is, so that it measures the TUI a user runs.
rmSync(join(root, 'dist', 'bench-bundle'), { recursive: true, force: true });
await build({ ...options, entryPoints: { 'keypress-child': 'bench/keypress-child.ts' }, outdir: join(root, 'dist', 'bench-bundle') });
