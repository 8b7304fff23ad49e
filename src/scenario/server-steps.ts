import { identity, isOnline, provisioningTarget } from '../core/selectors.js';
import type { DownloadFault } from '../server/store.js';
import type { ServerAction } from './scenario-schema.js';
import type { ScenarioWorld } from './scenario-world.js';
import { StepFailure } from './step-errors.js';

/**
 * The `server:` actions of issue 15, each through an admin API route that already exists
 * (docs/admin-api.md), as `phone-emu firmware|test-device|fault|provisioning` would call it.
 */

const deviceRef = (world: ScenarioWorld) => ({ device: world.scenario.profile.id });

/** `server: { reset: VERSION }`: Reset-CsDeviceUpdateRule, once the family's pending build is VERSION. */
export async function resetRule(version: string, world: ScenarioWorld): Promise<void> {
  const family = world.scenario.profile.firmwareFamily;
  const families = await world.server.admin<readonly { family: string; rule: { pending: string | null } | null }[]>('GET', 'firmware');
  const pending = families.find((entry) => entry.family === family)?.rule?.pending ?? null;
  if (pending !== version) {
    throw new StepFailure(`the pending build of ${family} is ${pending ?? 'none'}, not ${version}`, `${version} Pending`, pending === null ? 'no pending build' : `${pending} Pending`);
  }
  await world.server.admin('POST', 'firmware/reset', deviceRef(world));
}

/** `server: { testDevice: true | { mac } | { serial } }`: New-CsTestDevice for this phone's MAC, or the MAC or serial given. */
export async function addTestDevice(testDevice: NonNullable<ServerAction['testDevice']>, world: ScenarioWorld): Promise<void> {
  const body =
    testDevice === true
      ? { type: 'MACAddress', identifier: identity(world.snapshot()).mac }
      : 'mac' in testDevice
        ? { type: 'MACAddress', identifier: testDevice.mac }
        : { type: 'SerialNumber', identifier: testDevice.serial };
  await world.server.admin('POST', 'test-devices', body);
}

/** `server: { fault: cut | corrupt | unbootable | none }`: how the server serves firmware from now on. */
export async function setFault(fault: DownloadFault, world: ScenarioWorld): Promise<void> {
  await world.server.admin('PUT', 'faults', { download: fault });
}

/**
 * `server: { provisioning: VERSION | off }`: the server's provisioning stand-in serves files pinning
 * VERSION (or none); the network names it to the phone, which reads them over HTTP. Awaited on a
 * connected phone until the build it was given is VERSION (or none).
 */
export async function setProvisioning(target: string, world: ScenarioWorld): Promise<void> {
  const version = target === 'off' ? null : target;
  if (world.scenario.provisioning !== undefined) {
    // Its own provisioning server wins over the one the network names, as a static boot server does.
    throw new StepFailure(
      'the phone reads the scenario\'s own provisioning: server, not the one the network names: remove one of the two',
      'the server\'s provisioning stand-in read by the phone',
      'the phone keeps its own provisioning server',
    );
  }
  const connected = isOnline(world.snapshot());
  await world.server.admin('PUT', 'provisioning', { version, ...deviceRef(world) });
  if (!connected) return;
  await world.until((snapshot) => (provisioningTarget(snapshot)?.offer?.version ?? null) === version);
}
