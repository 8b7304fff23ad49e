import { press, select } from './drive-phone.js';
import { browser, dial, pcAction, setPin, signIn, typeText, unlock } from './identity-steps.js';
import { checkExpectations } from './expectations.js';
import { parsePolicyValue, policyDefinition, type PhonePolicy, type PolicyName } from '../core/policies.js';
import { currentCall, identity, isOnline, policy } from '../core/selectors.js';
import type { PolicyValues, ServerAction, StepName, StepValue } from './scenario-schema.js';
import type { ScenarioWorld } from './scenario-world.js';
import { addTestDevice, resetRule, setFault, setProvisioning } from './server-steps.js';

type Executor<K extends StepName> = (value: StepValue<K>, world: ScenarioWorld) => Promise<void>;

/**
 * `server: ACTION` through the admin API, for the scenario's device model. What the
 * server pushes in-band (a policy, a provisioning target) is awaited on a connected phone.
 */
async function serverAction(action: ServerAction, world: ScenarioWorld): Promise<void> {
  const { server, scenario } = world;
  const ref = { device: scenario.profile.id };
  const connected = isOnline(world.snapshot());
  if (action.restart) return server.restart(world.offline);
  if (action.publish !== undefined) await server.admin('POST', 'firmware/publish', { version: action.publish, ...ref });
  else if (action.approve !== undefined) await server.admin('POST', 'firmware/approve', { version: action.approve, ...ref });
  else if (action.restore) await server.admin('POST', 'firmware/restore', ref);
  else if (action.testDevice !== undefined) await addTestDevice(action.testDevice, world);
  else if (action.reset !== undefined) await resetRule(action.reset, world);
  else if (action.fault !== undefined) await setFault(action.fault, world);
  else if (action.policy) {
    for (const [name, value] of Object.entries(action.policy)) await server.admin('PUT', `policies/${name}`, { value });
    if (connected) await world.until((snapshot) => policyApplied(policy(snapshot), action.policy!));
  } else if (action.provisioning !== undefined) await setProvisioning(action.provisioning, world);
  else if (action.call !== undefined) {
    await server.admin('POST', `devices/${encodeURIComponent(identity(world.snapshot()).mac)}/call`, { from: action.call });
    await world.until((snapshot) => currentCall(snapshot)?.direction === 'incoming');
  }
}

/** True once the phone runs under every value of `changed`, read as the server reads them. */
function policyApplied(policy: PhonePolicy, changed: PolicyValues): boolean {
  return Object.entries(changed).every(([name, value]) => {
    const definition = policyDefinition(name)!;
    const parsed = parsePolicyValue(definition, value);
    return parsed.ok && policy[definition.name as PolicyName] === parsed.value;
  });
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
  type: typeText,
  signIn,
  setPin,
  unlock,
  dial,
  browser,
  pc: pcAction,
  // The runner hands each step the phone the last on: named (run-scenario.ts): nothing to do here.
  on: () => Promise.resolve(),
};
