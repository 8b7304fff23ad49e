import { screenText } from '../core/screen.js';
import { sameVersion } from '../core/version.js';
import { expectKeys, type ExpectKey, type ExpectValue } from './scenario-schema.js';
import type { ScenarioWorld } from './scenario-world.js';
import { NotSupported, StepFailure } from './step-errors.js';
import { describeTextMatch, matchesText } from './text-match.js';

/** The outcome of one expectation: whether it holds, and both sides in words. */
export interface Check {
  readonly pass: boolean;
  readonly expected: string;
  readonly actual: string;
}

type Checker<K extends ExpectKey> = (expected: NonNullable<ExpectValue[K]>, world: ScenarioWorld) => Check;

const notYet = (key: ExpectKey) => (): Check => {
  throw new NotSupported(`expect.${key}`);
};

const onScreen = 'the screen below';

/**
 * One checker per key of `expect:`. A feature that is not in this build yet throws
 * NotSupported; each feature replaces its `notYet` with a checker reading the phone.
 */
export const checkers: { readonly [K in ExpectKey]: Checker<K> } = {
  screen: (match, world) => ({
    pass: matchesText(match, screenText(world.screen())),
    expected: `the screen shows ${describeTextMatch(match)}`,
    actual: onScreen,
  }),
  notScreen: (match, world) => ({
    pass: !matchesText(match, screenText(world.screen())),
    expected: `the screen does not show ${describeTextMatch(match)}`,
    actual: onScreen,
  }),
  firmware: (version, world) => {
    const { firmware, profile } = world.snapshot().context;
    const scheme = world.scenario.versionScheme;
    return { pass: sameVersion(scheme, firmware, version), expected: `firmware ${version}`, actual: `firmware ${firmware} (${profile.model})` };
  },
  warning: (match, world) => {
    const warnings = world.warnings();
    return {
      pass: warnings.some((warning) => matchesText(match, warning)),
      expected: `a warning matching ${describeTextMatch(match)}`,
      actual: warnings.length === 0 ? 'no warning was raised' : `warnings: ${warnings.join(' | ')}`,
    };
  },
  locked: notYet('locked'),
  signedIn: notYet('signedIn'),
  exchange: notYet('exchange'),
  call: notYet('call'),
  paired: notYet('paired'),
  signInMethods: notYet('signInMethods'),
};

/** `expect: {...}`: every listed check must hold; a failure lists each one that did not. */
export function checkExpectations(expectation: ExpectValue, world: ScenarioWorld): Promise<void> {
  const failed: Check[] = [];
  for (const key of expectKeys) {
    const expected = expectation[key];
    if (expected === undefined) continue;
    const check = (checkers[key] as Checker<typeof key>)(expected as never, world);
    if (!check.pass) failed.push(check);
  }
  if (failed.length > 0) {
    throw new StepFailure(
      failed.length === 1 ? 'the expectation does not hold' : `${failed.length} expectations do not hold`,
      failed.map((check) => check.expected).join('\n'),
      failed.map((check) => check.actual).join('\n'),
    );
  }
  return Promise.resolve();
}
