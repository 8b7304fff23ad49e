import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceProfile } from '../core/device-profile.js';
import type { FirmwareFamily } from '../core/firmware-catalog.js';
import type { DeviceProvisioning } from './provisioning-schema.js';

/**
 * The validated devices/ and firmware-catalog/ of the last start, kept on disk so the next
 * start skips parsing 37 YAML files, the schemas, the cross-checks and the sha256 of every
 * catalog image (most of a `phone-emu run`'s own start-up). Used only when the CLI asks
 * (enableDataCache), in one file for the last data folder loaded: a hit needs the same data files,
 * byte for byte, and the same validating code (its files' sizes and times), so any edit
 * means a full validation whose problems name the file and the field as before. A missing,
 * unreadable or stale cache file is never an error: the data is validated and the file rewritten.
 */
export interface CachedData {
  readonly profiles: ReadonlyMap<string, DeviceProfile>;
  readonly families: ReadonlyMap<string, FirmwareFamily>;
  readonly provisioning: ReadonlyMap<string, DeviceProvisioning>;
}

interface CacheFile {
  readonly format: 1;
  readonly key: string;
  readonly profiles: [string, DeviceProfile][];
  readonly families: [string, FirmwareFamily][];
  readonly provisioning: [string, DeviceProvisioning][];
}

let cacheDir: string | undefined;

/** Where the CLI keeps it: $PHONE_EMU_CACHE_DIR, else $XDG_CACHE_HOME/phone-emu, else ~/.cache/phone-emu. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['PHONE_EMU_CACHE_DIR'] || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'phone-emu');
}

/** Turns the cache on for this process (the CLI does, at start); off for the library and the tests. */
export function enableDataCache(dir: string = defaultCacheDir()): void {
  cacheDir = dir;
}

export function disableDataCache(): void {
  cacheDir = undefined;
}

const cacheFileName = 'project-data.json';

/** The cached data of `root` when the cache is on and still true for it. */
export function readCachedData(root: string): { data: CachedData | undefined; store: (data: CachedData) => void } {
  if (cacheDir === undefined) return { data: undefined, store: () => {} };
  const dir = cacheDir;
  const key = cacheKey(root);
  const file = join(dir, cacheFileName);
  let data: CachedData | undefined;
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (cached.format === 1 && cached.key === key) {
      data = { profiles: new Map(cached.profiles), families: new Map(cached.families), provisioning: new Map(cached.provisioning) };
    }
  } catch {
    // No cache yet, or one this version cannot read: validate and rewrite it.
  }
  const store = (fresh: CachedData) => {
    const content: CacheFile = { format: 1, key, profiles: [...fresh.profiles], families: [...fresh.families], provisioning: [...fresh.provisioning] };
    writeCacheFile(file, JSON.stringify(content));
  };
  return { data, store };
}

/**
 * One file of the start-up cache folder (this data cache, the CLI's code cache: src/cli/launch.ts),
 * written beside and renamed: a process reading it at the same time sees the old file or the new,
 * never half. False when it could not be written: a read-only or full disk only costs the next start its speed.
 */
export function writeCacheFile(file: string, content: string | NodeJS.ArrayBufferView): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, file);
    return true;
  } catch {
    return false;
  }
}

/** The data files (names and bytes) and the code that validates them (names, sizes, times). */
function cacheKey(root: string): string {
  const hash = createHash('sha256').update(`${root}\n`);
  for (const file of dataFiles(root)) hash.update(`${file}\n`).update(readFileSync(file)).update('\n');
  const here = dirname(fileURLToPath(import.meta.url));
  for (const file of [...codeFiles(here), ...codeFiles(join(here, '..', 'core'))]) {
    const stats = statSync(file);
    hash.update(`${file} ${stats.size} ${stats.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Every YAML file load-data reads: firmware-catalog/*.yaml, devices/*.yaml and devices/VENDOR/*.yaml. */
function dataFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // Code-point order: localeCompare would load ICU's collator, a few ms of a start.
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth > 0) walk(path, depth - 1);
      else if (entry.isFile() && entry.name.endsWith('.yaml')) files.push(path);
    }
  };
  walk(join(root, 'firmware-catalog'), 0);
  walk(join(root, 'devices'), 1);
  return files;
}

/** The code files under `dir`; none when it does not exist (the bundle has no core/ beside it: all its code is in its own folder). */
function codeFiles(dir: string): string[] {
  const files: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    if (entry.isFile() && /\.(c?js|ts|tsx)$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}
