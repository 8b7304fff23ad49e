import { press, select } from './drive-phone.js';
import { checkExpectations } from './expectations.js';
import type { ServerAction, StepName, StepValue } from './scenario-schema.js';
import type { ScenarioWorld } from './scenario-world.js';
import { NotSupported } from './step-errors.js';

type Executor<K extends StepName> = (value: StepValue<K>, world: ScenarioWorld) => Promise<void>;

const notYet = (what: string) => (): Promise<void> => Promise.reject(new NotSupported(what));

/** `server: ACTION` against the scenario's server. */
function serverAction(action: ServerAction, world: ScenarioWorld): Promise<void> {
  if (action.restart) return world.server.restart(world.offline);
  const name = Object.keys(action)[0] ?? 'server';
  return Promise.reject(new NotSupported(`server.${name}`));
}

/**
 * One executor per step of the format. Each feature replaces its `notYet` with an
 * executor that drives the phone as a person would; the runner settles after every step.
 */
export const stepExecutors: { readonly [K in StepName]: Executor<K> } = {
  press,
  select,
  expect: checkExpectations,
  advance: (ms, world) => world.clock.advance(ms, world.settle),
  server: serverAction,
  type: notYet('type'),
  signIn: notYet('signIn'),
  setPin: notYet('setPin'),
  unlock: notYet('unlock'),
  dial: notYet('dial'),
  browser: notYet('browser'),
  pc: notYet('pc'),
};
