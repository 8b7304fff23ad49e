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
import { frameOnKey, inkDevtoolsAbsent, keptAcrossFrames, zodEnglishOnly } from './bundle-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = process.env['PHONE_EMU_BUNDLE_OUT'] ?? join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

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
  plugins: [inkDevtoolsAbsent, zodEnglishOnly, frameOnKey, ...(process.env['PHONE_EMU_BUNDLE_NO_KEPT'] === '1' ? [] : [keptAcrossFrames])],
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
