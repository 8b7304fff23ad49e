import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { DataError } from '../../src/profiles/data-error.js';
import { loadProjectData } from '../../src/profiles/load-data.js';
import { packageRoot } from '../../src/profiles/paths.js';

/**
 * Copies of the repository's data (devices/, firmware-catalog/) with one file edited, each
 * removed after its test. Call once at the top of the file.
 */
export function dataCopiesRemovedAfterEach(): (file: string, edit: (text: string) => string) => string {
  const copies: string[] = [];
  afterEach(() => {
    for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (file, edit) => {
    const root = mkdtempSync(join(tmpdir(), 'phone-emu-data-'));
    copies.push(root);
    for (const dir of ['devices', 'firmware-catalog']) cpSync(join(packageRoot(), dir), join(root, dir), { recursive: true });
    writeFileSync(join(root, file), edit(readFileSync(join(root, file), 'utf8')));
    return root;
  };
}

/** The lines of the DataError that loading the data at `root` gives; none when it loads. */
export function problemsOf(root: string): string[] {
  try {
    loadProjectData(root);
  } catch (error) {
    if (error instanceof DataError) return error.message.split('\n');
    throw error;
  }
  return [];
}
