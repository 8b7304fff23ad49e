import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds package.json, devices/ and firmware-catalog/. Found by walking
 * up, because this module runs from src/ under the tests and from dist/src/ when built.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'phone-emu') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('phone-emu: cannot find the package folder (package.json named phone-emu)');
    dir = parent;
  }
}
