import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';
import { humanResult } from '../../src/scenario/reporters/index.js';
import { findScenarioFiles, runScenarios } from '../../src/scenario/run-scenarios.js';
import { projectData } from '../helpers/data.js';
import { runText } from './helpers.js';

/** Every scenario in scenarios/, through the runner `phone-emu run` uses. */
const root = packageRoot();
const examples = findScenarioFiles(['scenarios'], root).files;

describe('the example scenarios', () => {
  it('include the examples of the README, which pass', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.split('## Writing a scenario')[1]!.split('\n## ')[0]!;
    const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const result = await runText(example);
      expect(result.status, humanResult(result)).toBe('passed');
    }
  });

  it.each(examples.map((file) => [file.file, file] as const))('%s passes', async (_name, file) => {
    const [result] = (await runScenarios([file], { data: projectData(), jobs: 1 })).results;
    expect(result!.status, humanResult(result!)).toBe('passed');
  });
});
