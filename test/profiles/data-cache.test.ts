import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCacheDir, disableDataCache, enableDataCache } from '../../src/profiles/data-cache.js';
import { loadProjectData } from '../../src/profiles/load-data.js';
import { dataCopiesRemovedAfterEach, problemsOf } from '../helpers/data-copies.js';

const dataWith = dataCopiesRemovedAfterEach();
const vvx = 'devices/polycom/vvx-601.yaml';
const unchanged = (text: string) => text;

describe('the start-up cache of the validated data', () => {
  let cacheDir: string;
  const cacheFile = () => join(cacheDir, 'project-data.json');
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'phone-emu-cache-'));
    enableDataCache(cacheDir);
  });
  afterEach(() => {
    disableDataCache();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('serves the next load from the cache while no data file changes', () => {
    const root = dataWith(vvx, unchanged);
    const first = loadProjectData(root);
    expect(existsSync(cacheFile())).toBe(true);
    // A marked cache proves the second load read it instead of the YAML.
    writeFileSync(cacheFile(), readFileSync(cacheFile(), 'utf8').replace('"model":"VVX 601"', '"model":"VVX 601 (cached)"'));
    const second = loadProjectData(root);
    expect(second.profiles.get('polycom-vvx-601')?.model).toBe('VVX 601 (cached)');
    expect([...second.profiles.keys()]).toEqual([...first.profiles.keys()]);
    expect(second.families).toEqual(first.families);
    expect(second.provisioning).toEqual(first.provisioning);
  });

  it('gives the same data as a full validation', () => {
    const root = dataWith(vvx, unchanged);
    const validated = loadProjectData(root);
    expect(loadProjectData(root)).toEqual(validated);
    disableDataCache();
    expect(loadProjectData(root)).toEqual(validated);
  });

  it('validates again after any edit, and its problems still name the file and the field', () => {
    const root = dataWith(vvx, unchanged);
    loadProjectData(root);
    writeFileSync(join(root, vvx), readFileSync(join(root, vvx), 'utf8').replace('columns: 40', 'columns: 400'));
    expect(problemsOf(root).some((line) => line.startsWith(`${vvx}: display.columns: `))).toBe(true);
    writeFileSync(join(root, 'devices', 'polycom', 'vvx-999.yaml'), 'id: polycom-vvx-998\n');
    expect(problemsOf(root).some((line) => line.startsWith('devices/polycom/vvx-999.yaml: '))).toBe(true);
  });

  it('ignores a cache file it cannot read and writes a good one', () => {
    const root = dataWith(vvx, unchanged);
    writeFileSync(cacheFile(), '{ not json');
    expect(loadProjectData(root).profiles.get('polycom-vvx-601')?.model).toBe('VVX 601');
    expect(JSON.parse(readFileSync(cacheFile(), 'utf8'))).toMatchObject({ format: 1 });
  });

  it('lives in $PHONE_EMU_CACHE_DIR, else $XDG_CACHE_HOME/phone-emu', () => {
    expect(defaultCacheDir({ PHONE_EMU_CACHE_DIR: '/x' })).toBe('/x');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/y' })).toBe(join('/y', 'phone-emu'));
    expect(defaultCacheDir({})).toMatch(/[/\\]\.cache[/\\]phone-emu$/);
  });
});
