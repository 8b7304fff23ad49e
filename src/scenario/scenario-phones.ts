import { callState, currentCall } from '../core/selectors.js';
import type { PhoneSnapshot } from '../core/screen.js';
import { VirtualClock } from '../core/virtual-clock.js';
import type { Scenario } from './load-scenario.js';
import { openServer, openWorld, type ScenarioWorld, type WorldOptions } from './scenario-world.js';

/**
 * A scenario's phones: one world per phone of `phones:` (or the one phone of `device:`), all
 * on the scenario's one server and one virtual clock. Each world's settle waits on every
 * phone, so an `advance` moves them all and a step on one phone sees what it did to another.
 */
export interface ScenarioPhones {
  readonly clock: VirtualClock;
  /** The world of the phone a step addresses (its `on:` name); the only phone when undefined. */
  worldOf(name: string | undefined): ScenarioWorld;
  /** The first phone: where a failure before any step is shown. */
  readonly first: ScenarioWorld;
  /** Virtual ms the slowest of the phones takes to boot. */
  readonly bootMs: number;
  stop(reason: Error): void;
  close(): Promise<void>;
}

/** Generous: only a call to a phone outside the scenario (a --server's own) waits this long. */
const callPairWaitMs = 5_000;

export async function openPhones(scenario: Scenario, options: WorldOptions): Promise<ScenarioPhones> {
  if (scenario.phones.length === 0) {
    const world = await openWorld(scenario, options);
    return { clock: world.clock, worldOf: () => world, first: world, bootMs: scenario.profile.timings.bootMs, stop: (reason) => world.stop(reason), close: () => world.close() };
  }
  const clock = options.clock ?? new VirtualClock();
  const server = await openServer(scenario, options, clock);
  const worlds = new Map<string, ScenarioWorld>();
  const unpaired = new Set<string>();
  const settle = async () => {
    await Promise.all([...worlds.values()].map((world) => world.link.whenSettled()));
    await callsPaired([...worlds.values()], unpaired);
  };
  try {
    for (const [index, phone] of scenario.phones.entries()) {
      worlds.set(phone.name, await openWorld(scenario, { ...options, clock, shared: { phone, index, server, settle } }));
    }
  } catch (error) {
    for (const world of worlds.values()) await world.close();
    await server.close();
    throw error;
  }
  const all = [...worlds.values()];
  return {
    clock,
    worldOf: (name) => worlds.get(name ?? '') ?? all[0]!,
    first: all[0]!,
    bootMs: Math.max(...scenario.phones.map((phone) => phone.profile.timings.bootMs)),
    stop: (reason) => all.forEach((world) => world.stop(reason)),
    close: async () => {
      for (const world of all) await world.close();
      await server.close();
    },
  };
}

/** The calls between phones that are not on both ends in matching states yet, by call id. */
function unpairedCalls(worlds: readonly ScenarioWorld[], ignored: ReadonlySet<string>): string[] {
  const calls = new Map<string, string[]>();
  for (const world of worlds) {
    const snapshot: PhoneSnapshot = world.snapshot();
    const call = currentCall(snapshot);
    if (call?.farEnd === 'phone' && !ignored.has(call.id)) calls.set(call.id, [...(calls.get(call.id) ?? []), callState(snapshot)]);
  }
  return [...calls].filter(([, states]) => {
    const [one, other] = [...states].sort();
    return !(states.length === 2 && ((one === 'connected' && other === 'connected') || (one === 'dialing' && other === 'ringing')));
  }).map(([id]) => id);
}

/**
 * A call between two of the phones reaches the other over its own socket, after the caller's
 * reply: wait until each such call is on both phones in matching states (dialing and ringing,
 * or both connected), or on neither. A call that stays one-sided a few seconds (its other end
 * a phone outside the scenario, on a --server) is not waited for again.
 */
function callsPaired(worlds: readonly ScenarioWorld[], given: Set<string>): Promise<void> {
  if (unpairedCalls(worlds, given).length === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let finished = false;
    const subscriptions = worlds.map((world) => world.actor.subscribe(() => unpairedCalls(worlds, given).length === 0 && done()));
    const timer = setTimeout(() => {
      for (const id of unpairedCalls(worlds, given)) given.add(id);
      done();
    }, callPairWaitMs);
    function done() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.unsubscribe();
      resolve();
    }
  });
}
