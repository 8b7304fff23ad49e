import { z } from 'zod';
import { scenarioHeadSchema, stepNames, stepSchemas, type StepName } from './scenario-schema.js';

/**
 * The scenario format as a JSON Schema (draft 2020-12), for editors: generated from the zod
 * schemas the runner validates with, so it cannot drift from them. `npm run schema` writes it
 * to schema/scenario.schema.json; a test fails while the committed file differs from this.
 * What needs the device data (ids, versions, labels) and zod's refinements (exactly one server
 * action...) stay the runner's to check: the schema accepts a little more than the runner.
 */
/** What each step does, as the editor's hover shows it. */
const stepDescriptions: Partial<Record<StepName, string>> = {
  press: 'Presses a key (Select, Back, Up, 5, #...) or the softkey with this label (Update, Sign In...).',
  type: 'Types the characters into the field that has the focus.',
  select: 'Picks the menu item or softkey with this label.',
  signIn: 'Signs the phone in with a method of its sign-in screen (userId, web, pin, pc, usb).',
  setPin: 'Creates the Phone-Lock PIN the phone asks for after sign-in.',
  unlock: 'Enters the PIN on the lock screen.',
  dial: 'Dials a number.',
  expect: 'Checks what the phone shows and holds; every key given must hold.',
  advance: 'Moves virtual time ahead: 30s, 15m, 2h, 3d, 1h30m.',
  server: 'Changes the update server: exactly one action.',
  browser: 'The browser side of web sign-in, for the code the phone shows.',
  pc: 'The emulated PC: lock, unlock, { pair }, { call } or { signIn }.',
  on: 'In a scenario with phones: the phone of that name, which the steps after it act on and check.',
};

/** One step: a mapping with exactly one key, the step's name. */
function stepSchema(name: StepName) {
  const description = stepDescriptions[name];
  const value = description ? stepSchemas[name].meta({ description }) : stepSchemas[name];
  return z.strictObject({ [name]: value });
}

export function scenarioJsonSchema(): Record<string, unknown> {
  const steps = z.union(stepNames.map(stepSchema));
  const document = scenarioHeadSchema.extend({ steps: z.array(steps).min(1) }).meta({
    title: 'phone-emu scenario',
    description: 'A scenario drives one emulated phone (device), or several (phones), headless on virtual time: phone-emu run FILE.',
  });
  return z.toJSONSchema(document, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
}

/** The file's text: the schema, two-space JSON, a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
