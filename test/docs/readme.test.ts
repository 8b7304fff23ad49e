import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';

const root = packageRoot();
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];

describe('the README and docs/ stand alone', () => {
  it.each(documents)('%s names no document a user of the repository does not have', (name) => {
    const text = readFileSync(join(root, name), 'utf8');
    // PRODUCT.md and the domain notes live outside the repository.
    expect(text).not.toMatch(/PRODUCT\.md|domain-facts|\/work\/|\.\.\/shared/);
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const path = resolve(dirname(join(root, name)), target!);
      expect(path.startsWith(root), `${name} links outside the repository: ${target}`).toBe(true);
      expect(existsSync(path), `${name} links to a missing file: ${target}`).toBe(true);
    }
  });
});
