#!/usr/bin/env node
/**
 * The bundle's entry (dist/bundle/main.js): runs the CLI (dist/bundle/cli.cjs) with V8's code
 * cache, kept in the start-up cache folder (README: Start-up cache). Compiling the CLI's
 * JavaScript was a third of a `phone-emu run`'s own start-up; with the cache V8 reads the
 * compiled functions of the last run instead (docs/decisions/0018-cli-code-cache.md).
 * Node 20 caches compiled code only for CommonJS scripts, hence a CommonJS CLI; the terminal
 * UI (Ink awaits at the top of its modules) stays an ES module, dist/bundle/tui.js.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { defaultCacheDir, writeCacheFile } from '../profiles/data-cache.js';

/** The sha256 of cli.cjs, written in by scripts/bundle-cli.mjs: V8 checks only a source's length. */
declare const PHONE_EMU_CLI_HASH: string;

const here = dirname(fileURLToPath(import.meta.url));
const cliFile = join(here, 'cli.cjs');
const source = readFileSync(cliFile, 'utf8');
const cacheDir = defaultCacheDir();
// One cache per command: each holds the functions its own runs compiled (run, server, fleet...).
const command = /^[a-z][a-z-]{0,30}$/.test(process.argv[2] ?? '') ? process.argv[2]! : 'start';
const build = `cli-${PHONE_EMU_CLI_HASH.slice(0, 16)}-${process.version}-${process.arch}`;
const cacheName = `${build}-${command}.v8`;
const cacheFile = join(cacheDir, cacheName);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // First run of this build: compiled from source, and the cache written at exit.
}

// The wrapper Node gives a CommonJS file, and an import() for tui.js (scripts/bundle-cli.mjs).
const script = new Script(`(function (exports, require, module, __filename, __dirname, __phoneEmuImport) {${source}\n})`, {
  filename: cliFile,
  ...(cachedData ? { cachedData } : {}),
});

// Help and version compile almost nothing: a cache from them would serve the command little.
const onlyHelp = process.argv.slice(2).some((arg) => ['-h', '--help', '-V', '--version', 'help'].includes(arg));
if ((cachedData === undefined || script.cachedDataRejected) && !onlyHelp) {
  // At exit, so that the cache holds every function this run compiled, not only the top level;
  // not after a usage error (exit code 2), which compiled little and may name no command.
  process.once('exit', (code) => {
    if (code !== 2) writeCodeCache(script);
  });
}

const cliModule = { exports: {} };
const importBeside = (specifier: string) => import(new URL(specifier, import.meta.url).href);
(script.runInThisContext() as (...args: unknown[]) => void).call(cliModule.exports, cliModule.exports, createRequire(cliFile), cliModule, cliFile, here, importBeside);

/** Written as the data cache is (writeCacheFile); then other builds' caches removed. */
function writeCodeCache(compiled: Script): void {
  if (!writeCacheFile(cacheFile, compiled.createCachedData())) return;
  try {
    for (const name of readdirSync(cacheDir)) {
      if (/^cli-.*\.v8$/.test(name) && !name.startsWith(`${build}-`)) rmSync(join(cacheDir, name), { force: true });
    }
  } catch {
    // One left behind only takes disk space until the next build's first run.
  }
}
