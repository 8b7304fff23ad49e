import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/core/policies.js';
import { phoneLockEnforced, withProvisioningProblem, type ProvisionedConfig } from '../../src/core/provisioned.js';

const config = (precedence: ProvisionedConfig['precedence'], phoneLockEnabled: boolean | undefined): ProvisionedConfig => ({
  server: 'http://10.0.0.5/',
  precedence,
  ...(phoneLockEnabled === undefined ? {} : { phoneLockEnabled }),
  md5: {},
});

describe("Phone-Lock between a provisioning file and the in-band policy, by the vendor's precedence", () => {
  it('follows the file on provisioningFile, needs both on inBand, and the policy alone without a file value', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.option(fc.boolean(), { nil: undefined }), fc.constantFrom('provisioningFile', 'inBand'), (enforce, file, precedence) => {
        const policy = { ...defaultPolicy, EnforcePhoneLock: enforce };
        const enforced = phoneLockEnforced({ policy, provisioned: config(precedence as ProvisionedConfig['precedence'], file) });
        if (file === undefined) expect(enforced).toBe(enforce);
        else if (precedence === 'provisioningFile') expect(enforced).toBe(file);
        else expect(enforced).toBe(enforce && file);
        // No provisioning server at all: the in-band policy.
        expect(phoneLockEnforced({ policy, provisioned: null })).toBe(enforce);
      }),
    );
  });

  it('keeps one provisioning warning at most, beside the others, and removes it once the read is clean', () => {
    const other = { id: 'updateLoop', message: { key: 'warning.updateLoop' as const } };
    fc.assert(
      fc.property(fc.array(fc.record({ file: fc.webUrl(), line: fc.option(fc.nat(), { nil: undefined }), reason: fc.string() }), { maxLength: 5 }), (problems) => {
        let warnings: readonly (typeof other | ReturnType<typeof withProvisioningProblem>[number])[] = [other];
        for (const problem of problems) warnings = withProvisioningProblem(warnings, problem, problems.length);
        expect(warnings.filter((warning) => warning.id === 'provisioning')).toHaveLength(problems.length > 0 ? 1 : 0);
        expect(withProvisioningProblem(warnings, null, 0)).toEqual([other]);
      }),
    );
  });
});
