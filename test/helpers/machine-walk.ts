import { expect } from 'vitest';
import { createActor, getInitialSnapshot, getNextSnapshot, type StateValue } from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import type { PhoneMachine } from '../../src/core/phone-machine.js';
import type { PhoneEvent, PhoneInput } from '../../src/core/phone-types.js';
import { screenText, type PhoneSnapshot, type Screen } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { restorePhone, type SavedPhone } from '../../src/phone/restore-phone.js';

/**
 * Model-based walks of the phone chart: xstate/graph walks a vendor's machine (pure
 * transitions) to every distinct state, and each path is replayed on a real actor whose
 * timers run on a virtual clock. Delayed transitions are graph events: the walk offers only
 * the ones due first, and the replay reaches them by moving the clock to the next due timer.
 */

export type GraphEvent = PhoneEvent | { readonly type: `xstate.after.${string}` };

type DelayFunction = (args: { context: unknown; event: unknown }, params: undefined) => number;

/** The delayed transitions of the active states that fire first, as graph events. */
export function dueFirst(machine: PhoneMachine, snapshot: PhoneSnapshot): GraphEvent[] {
  const active = new Set(leaves(snapshot.value).flatMap((id) => id.split('.').map((_, index, parts) => parts.slice(0, index + 1).join('.'))));
  const timers = getStateNodes(machine.root)
    .filter((node) => active.has(node.id))
    .flatMap((node) => node.after)
    .map((transition) => {
      const delay = transition.delay;
      const implementation = typeof delay === 'string' ? machine.implementations.delays[delay] : delay;
      const ms = typeof implementation === 'function' ? (implementation as DelayFunction)({ context: snapshot.context, event: { type: '' } }, undefined) : Number(implementation);
      return { type: transition.eventType as `xstate.after.${string}`, ms };
    });
  const first = Math.min(...timers.map((timer) => timer.ms));
  // A delay with guarded alternatives is one timer.
  return [...new Set(timers.filter((timer) => timer.ms === first).map(({ type }) => type))].map((type) => ({ type }));
}

/** Leaf state ids of a snapshot value: { running: { ui: 'idle' } } -> phone.running.ui.idle. */
export function leaves(value: StateValue, prefix = 'phone'): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value).flatMap(([key, inner]) => (inner === undefined ? [`${prefix}.${key}`] : leaves(inner, `${prefix}.${key}`)));
}

/** Where a snapshot is in one region of the running phone: 'locked.entering' for lock. */
export function regionState(snapshot: PhoneSnapshot, region: string): string {
  const prefix = `phone.running.${region}.`;
  return leaves(snapshot.value).find((id) => id.startsWith(prefix))!.slice(prefix.length);
}

/** The timer that ends booting, as the graph event a prelude starts with. */
export function bootEvent(machine: PhoneMachine): GraphEvent {
  return { type: machine.getStateNodeById('phone.booting').after[0]!.eventType as `xstate.after.${string}` };
}

/** The atomic states of the chart whose id `wanted` accepts: what a walk must reach. */
export function atomicStateIds(machine: PhoneMachine, wanted: (id: string) => boolean): string[] {
  return getStateNodes(machine.root)
    .filter((node) => node.type === 'atomic' && wanted(node.id))
    .map((node) => node.id);
}

export interface Walk {
  readonly input: PhoneInput;
  /** Where the walk starts, if not at power-on: a phone as its state file brings it back, at that time of its clock. */
  readonly from?: { readonly phone: SavedPhone; readonly clockMs: number } | undefined;
  /** Events played before the walk starts (timers included), on the graph and on each replay alike. */
  readonly prelude?: readonly GraphEvent[];
  /** What the walk may send in a state, besides the timers due first. */
  readonly events: (snapshot: PhoneSnapshot) => readonly PhoneEvent[];
  /** What tells two states apart: the state value and the context the next events depend on. */
  readonly serialize: (snapshot: PhoneSnapshot) => string;
}

export type WalkPath = ReturnType<typeof walkPaths>[number];

/**
 * The shortest path to every distinct state. Only `events` and the timers due first are
 * offered: xstate/graph would otherwise add a bare `{ type }` for every other event type a
 * state handles, events no phone ever receives.
 */
export function walkPaths(machine: PhoneMachine, walk: Walk) {
  const start = (walk.prelude ?? []).reduce(
    (snapshot, event) => getNextSnapshot(machine, snapshot, event as PhoneEvent),
    walk.from ? (machine.resolveState(walk.from.phone.snapshot as Parameters<PhoneMachine['resolveState']>[0]) as PhoneSnapshot) : getInitialSnapshot(machine, walk.input),
  );
  const offered = new WeakSet<object>();
  return getShortestPaths(machine, {
    input: walk.input,
    fromState: start,
    events: (snapshot) => {
      const events = [...walk.events(snapshot), ...dueFirst(machine, snapshot)] as PhoneEvent[];
      for (const event of events) offered.add(event);
      return events;
    },
    filterEvents: (_, event) => offered.has(event),
    serializeState: (snapshot) => walk.serialize(snapshot),
  });
}

/** An event as a failing path lists it: `key.press 3`, `softkey.press signIn`. */
function named(event: GraphEvent): string {
  switch (event.type) {
    case 'key.press':
      return `${event.type} ${event.key}`;
    case 'softkey.press':
      return `${event.type} ${event.id}`;
    case 'text.input':
      return `${event.type} "${event.text}"`;
    case 'server.tenantInfo':
      return `${event.type} ${event.sfb}`;
    case 'pairing.codeEntered':
      return `${event.type} ${event.code}`;
    case 'pairing.pcLocked':
      return `${event.type} ${event.locked}`;
    case 'pairing.dial':
      return `${event.type} ${event.party}`;
    case 'server.policyChanged':
      return `${event.type} ${JSON.stringify(event.policy)}`;
    default:
      return event.type;
  }
}

/**
 * The paths no other path extends. The walk's paths form a tree (each one is the path to its
 * second-to-last state plus one step), so replaying these replays every path.
 */
export function maximalPaths(paths: readonly WalkPath[], serialize: Walk['serialize']): WalkPath[] {
  const extended = new Set(paths.flatMap((path) => path.steps.slice(0, -1).map((step) => serialize(step.state))));
  return paths.filter((path) => !extended.has(serialize(path.state)));
}

/**
 * Each path taken one step further by the timer due first where it ends, if that timer belongs
 * to a state `timerOf` accepts. Shortest paths take a timer only where nothing shorter leads;
 * these check that each one fires on the real clock as the chart says (an idle lock, a reply
 * timeout). Where two timers are due together, none is taken.
 */
export function timerSteps(machine: PhoneMachine, paths: readonly WalkPath[], timerOf: RegExp): WalkPath[] {
  return paths.flatMap((path) => {
    const due = dueFirst(machine, path.state);
    if (due.length !== 1 || !timerOf.test(due[0]!.type)) return [];
    const state = getNextSnapshot(machine, path.state, due[0] as PhoneEvent);
    return [{ ...path, state, steps: [...path.steps, { state, event: due[0] as PhoneEvent }] }];
  });
}

/**
 * Expects every atomic state of the walked regions reached, but for those `unreachable` names
 * (or lies under), each with its reason where the caller lists it.
 */
export function expectEveryStateReached(machine: PhoneMachine, paths: readonly WalkPath[], walked: RegExp, unreachable: readonly string[]): void {
  const reachable = (id: string) => !unreachable.some((gone) => id === gone || id.startsWith(`${gone}.`));
  const wanted = atomicStateIds(machine, (id) => walked.test(id) && reachable(id));
  const reached = new Set(paths.flatMap((path) => leaves(path.state.value)));
  expect(wanted.filter((id) => !reached.has(id))).toEqual([]);
}

/** A question about one step further from a reached state: does `event` do what `expected` says? */
export interface Probe {
  /** What the probe checks, as a failure lists it. */
  readonly label: string;
  readonly event: PhoneEvent;
  readonly expected: boolean;
  readonly happened: (next: PhoneSnapshot) => boolean;
}

/**
 * Takes every reached state `probeOf` asks about one event further on the graph's machine
 * (every state, not only where a path goes on): what each probe checked, and where the
 * outcome was not the expected one.
 */
export function probeStates(machine: PhoneMachine, paths: readonly WalkPath[], probeOf: (state: PhoneSnapshot) => Probe | undefined) {
  const probes = paths.flatMap(({ state }) => {
    const probe = probeOf(state);
    return probe ? [{ probe, happened: probe.happened(getNextSnapshot(machine, state, probe.event)) }] : [];
  });
  return {
    checked: new Set(probes.map(({ probe }) => probe.label)),
    wrong: probes.filter(({ probe, happened }) => happened !== probe.expected).map(({ probe, happened }) => `${probe.label}: ${happened}`),
  };
}

/** The paths to replay: the maximal ones, and each path one timer of the walked regions further. */
export function pathsToReplay(machine: PhoneMachine, paths: readonly WalkPath[], serialize: Walk['serialize'], walked: RegExp): WalkPath[] {
  return [...maximalPaths(paths, serialize), ...timerSteps(machine, paths, walked)];
}

/** Expects each text on the screen. Messages wrap at spaces; a word wider than the display (an address) breaks without one. */
export function expectShown(screen: Screen, expected: readonly string[], trail: string): void {
  const shown = [screenText(screen).replace(/\s+/g, ' '), [screen.title, ...screen.lines].join('')];
  for (const text of expected) expect(shown.some((seen) => seen.includes(text)), `${trail}: ${text}\n${screenText(screen)}`).toBe(true);
}

/**
 * Plays the prelude and `path` on a real actor on a virtual clock; after each step, expects
 * it in the state the graph predicted and hands its snapshot to `check`.
 */
export function replayPath(
  machine: PhoneMachine,
  walk: Pick<Walk, 'input' | 'prelude' | 'from'>,
  path: WalkPath,
  check: (snapshot: PhoneSnapshot, trail: string) => void,
): void {
  const clock = new VirtualClock();
  if (walk.from) clock.set(walk.from.clockMs);
  const actor = (walk.from ? restorePhone(machine, walk.from.phone, clock) : createActor(machine, { clock, input: walk.input })).start();
  const play = (event: GraphEvent) => {
    if (event.type.startsWith('xstate.after.')) clock.set(clock.nextDueAt()!);
    else actor.send(event as PhoneEvent);
  };
  (walk.prelude ?? []).forEach(play);
  const taken: string[] = [];
  for (const [index, step] of path.steps.entries()) {
    if (index > 0) {
      play(step.event as GraphEvent);
      taken.push(named(step.event as GraphEvent));
    }
    const trail = taken.join(' > ');
    const snapshot = actor.getSnapshot();
    expect(snapshot.value, trail).toEqual(step.state.value);
    check(snapshot, trail);
  }
  actor.stop();
}
