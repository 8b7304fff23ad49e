import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { scenarioJsonSchemaText } from '../../src/scenario/scenario-json-schema.js';
import { projectData } from '../helpers/data.js';

/**
 * schema/scenario.schema.json, checked by a validator of its own (ajv, draft 2020-12) against
 * every example scenario, and against the runner on what it refuses.
 */
const root = packageRoot();
const schemaFile = join(root, 'schema', 'scenario.schema.json');
const committed = readFileSync(schemaFile, 'utf8');
const validate = new Ajv2020.default({ strict: false, allErrors: true }).compile(JSON.parse(committed) as object);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : entry.name.endsWith('.yaml') ? [join(dir, entry.name)] : [],
  );
}
const examples = yamlFiles(join(root, 'scenarios'));

describe('the JSON Schema of scenario files', () => {
  it('is what `npm run schema` writes from the runner\'s zod schemas today (rerun it after changing them)', () => {
    expect(committed, 'schema/scenario.schema.json is stale: run npm run schema').toBe(scenarioJsonSchemaText());
  });

  it.each(examples.map((file) => [relative(root, file), file]))('accepts %s, which names it in its first line', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const [, reference] = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text) ?? [];
    expect(reference, 'first line: # yaml-language-server: $schema=<relative path>').toBeDefined();
    expect(resolve(dirname(file), reference!)).toBe(schemaFile);
    expect(validate(parse(text)), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it.each([
    ['a misspelt step', 'steps:\n  - pres: Update\n', /unknown step \(did you mean press\?\)/],
    ['an unknown expectation', 'steps:\n  - expect: { lockd: true }\n', /unknown key \(did you mean locked\?\)/],
    ['a step with two keys', 'steps:\n  - press: Update\n    advance: 1m\n', /exactly one key/],
    ['a wrong locale', 'locale: de-DE\nsteps:\n  - press: Update\n', /locale/],
  ])('rejects %s, as the runner does', (_what, tail, runnerMessage) => {
    const text = `name: invalid\ndevice: polycom-vvx-601\n${tail}`;
    expect(validate(parse(text))).toBe(false);
    const result = parseScenario(text, 'invalid.yaml', projectData());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((problem) => `${problem.field}: ${problem.problem}`).join('\n')).toMatch(runnerMessage);
  });
});
