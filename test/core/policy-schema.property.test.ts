import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPolicy,
  formatTimeSpan,
  parsePolicyValue,
  phonePolicySchema,
  policyDefinitions,
  policyValueSchema,
  type PolicyDefinition,
} from '../../src/core/policies.js';
import { decodeServerFrame, encodeFrame } from '../../src/protocol/codec.js';
import { defaultServerSettings } from '../../src/core/phone-types.js';

const definitions = policyDefinitions as readonly PolicyDefinition[];

/** What the table's own numbers and lists say of a typed value, written out without zod. */
function tableAccepts(definition: PolicyDefinition, value: unknown): boolean {
  switch (definition.kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= definition.min && (value as number) <= definition.max && (definition.allowed?.includes(value as number) ?? true);
    case 'timespan':
      return Number.isSafeInteger(value) && (value as number) >= definition.minMs && (value as number) <= definition.maxMs;
    case 'enum':
      return definition.values.includes(value as string);
    case 'text':
      return typeof value === 'string' && value.length <= 512 && (value === '' || !definition.pattern || definition.pattern.test(value));
  }
}

/** Typed values around each definition's bounds: its ends, one past them, its listed values and their neighbours. */
function valuesAround(definition: PolicyDefinition): fc.Arbitrary<unknown> {
  const near = (edge: number, step: number) => fc.integer({ min: -3, max: 3 }).map((k) => edge + k * step);
  switch (definition.kind) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.oneof(near(definition.min, 1), near(definition.max, 1), ...(definition.allowed ?? []).map((value) => near(value, 1)));
    case 'timespan':
      // An admin writes whole seconds; below zero hh:mm:ss has no spelling.
      return fc.oneof(near(definition.minMs, 1000), near(definition.maxMs, 1000)).filter((ms) => ms >= 0);
    case 'enum':
      return fc.oneof(fc.constantFrom(...definition.values), fc.string({ maxLength: 8 }).filter((text) => text === text.trim()));
    case 'text': {
      const codec = fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/);
      const near512 = fc.integer({ min: 509, max: 515 }).map((length) => 'G'.repeat(length));
      return fc.oneof(fc.array(codec, { minLength: 1, maxLength: 5 }).map((codecs) => codecs.join(';')), near512, fc.string({ maxLength: 20 }))
        .filter((text) => text === text.trim());
    }
  }
}

/** The value as an admin types it on the command line. */
function typed(definition: PolicyDefinition, value: unknown): string {
  if (definition.kind === 'boolean') return value ? 'True' : 'False';
  if (definition.kind === 'timespan') return formatTimeSpan(value as number);
  return String(value);
}

describe('one policy validator: the zod schema derived from the policy table', () => {
  it.each(definitions.map((definition) => [definition.name, definition] as const))(
    '%s: the schema, the admin input and the table agree on every value around its bounds',
    (_name, definition) => {
      const schema = policyValueSchema(definition);
      fc.assert(
        fc.property(valuesAround(definition), (value) => {
          const accepted = tableAccepts(definition, value);
          expect(schema.safeParse(value).success).toBe(accepted);
          const parsed = parsePolicyValue(definition, typed(definition, value));
          expect(parsed.ok).toBe(accepted);
          if (parsed.ok) expect(parsed.value).toBe(value);
        }),
        { numRuns: 200 },
      );
    },
  );

  it('takes the defaults, and refuses a frame out of range in the words an admin gets', () => {
    expect(phonePolicySchema.safeParse(defaultPolicy).success).toBe(true);
    const welcome = (policy: Record<string, unknown>) =>
      decodeServerFrame(encodeFrame({ type: 'welcome', server: 'phone-emu', settings: defaultServerSettings, policy: { ...defaultPolicy, ...policy } } as never));
    expect(welcome({ MinPhonePinLength: 3 })).toEqual({
      ok: false,
      code: 'bad-frame',
      message: 'welcome: policy.MinPhonePinLength: 3 is not allowed; use a whole number from 4 to 15',
    });
    expect(welcome({ PhoneLockTimeout: 3_600_000 })).toMatchObject({
      message: 'welcome: policy.PhoneLockTimeout: 3600000 ms is not allowed; use a time span hh:mm:ss from 00:00:01 to 00:59:59',
    });
    // The codec list's shape is checked in frames too, not only when an admin types it.
    expect(welcome({ PrioritizedCodecsList: 'PCMU G729' })).toMatchObject({
      message: 'welcome: policy.PrioritizedCodecsList: "PCMU G729" is not allowed; use codec names separated by semicolons, e.g. G722_8000;PCMU',
    });
  });
});
