import { createActor, type AnyStateNode, type EventObject, type InspectionEvent, type Snapshot } from 'xstate';
import { powerOnSession } from '../core/initial-context.js';
import type { PhoneMachine } from '../core/phone-machine.js';
import type { PhoneContext } from '../core/phone-types.js';
import type { VirtualClock } from '../core/virtual-clock.js';
import type { PhoneActor } from './create-phone.js';

/** A timer as a state file keeps it: its delayed event (`xstate.after.<delay>.<state id>`) and what was left of it. */
export interface SavedTimer {
  readonly event: string;
  readonly remainingMs: number;
}

/** A phone as it was: XState's persisted snapshot (with its whole context), and its timers. */
export interface SavedPhone {
  readonly snapshot: { readonly value: unknown; readonly context: PhoneContext } & Record<string, unknown>;
  readonly timers: readonly SavedTimer[];
}

interface Running {
  readonly event: EventObject;
  readonly dueAt: number;
}

/** The timers each tracked actor has scheduled, by id, with when they fire on its clock. */
const ledgers = new WeakMap<PhoneActor, Map<string, Running>>();

/**
 * The timers an actor has running, noted from XState's inspection events as it schedules,
 * cancels and fires them (XState keeps a timer's delay, not when it started on our clock).
 * Call before the actor starts, so the first timers are seen.
 */
export function trackTimers(actor: PhoneActor, clock: VirtualClock): { saved(): SavedTimer[] } {
  let ledger = ledgers.get(actor);
  if (!ledger) {
    const running = new Map<string, Running>();
    ledger = running;
    ledgers.set(actor, running);
    actor.system.inspect((inspection: InspectionEvent) => {
      if (inspection.type === '@xstate.action' && inspection.actorRef === actor) {
        const params = inspection.action.params as { id?: unknown; event?: EventObject; delay?: unknown; sendId?: unknown } | undefined;
        if (inspection.action.type === 'xstate.raise' && typeof params?.delay === 'number' && typeof params.id === 'string' && params.event) {
          running.set(params.id, { event: params.event, dueAt: clock.now() + params.delay });
        } else if (inspection.action.type === 'xstate.cancel' && typeof params?.sendId === 'string') running.delete(params.sendId);
      } else if (inspection.type === '@xstate.event' && inspection.sourceRef === actor && inspection.actorRef === actor) {
        // A timer firing is relayed from the actor to itself.
        for (const [id, timer] of running) if (timer.event === inspection.event) running.delete(id);
      }
    });
  }
  const tracked = ledger;
  return {
    saved: () => [...tracked.values()].map(({ event, dueAt }) => ({ event: event.type, remainingMs: Math.max(0, dueAt - clock.now()) })),
  };
}

/** Booting, installing, rebooting, rolling back: a phone killed in one of these has lost power. */
const poweredOff = (value: unknown): boolean => typeof value === 'string';

/** The timers a state starts on entry, with their full delays. */
function timersOnEntry(machine: PhoneMachine, stateId: string, context: PhoneContext): SavedTimer[] {
  const node: AnyStateNode = machine.getStateNodeById(stateId);
  const delays = machine.implementations.delays as Record<string, unknown>;
  const timers = node.after.map((transition) => {
    const delay = typeof transition.delay === 'string' ? delays[transition.delay] : transition.delay;
    const ms = typeof delay === 'function' ? (delay as (args: { context: PhoneContext; event: EventObject }) => number)({ context, event: { type: '' } }) : Number(delay);
    return { event: transition.eventType, remainingMs: ms };
  });
  // Guarded alternatives of one delay are one timer.
  return [...new Map(timers.map((timer) => [timer.event, timer])).values()];
}

/**
 * A phone that lost power comes back as one that powers on: booting, with its memory, the
 * session reset as at every power-on, and the boot taking its full time.
 */
function poweredOn(machine: PhoneMachine, saved: SavedPhone): SavedPhone {
  const context = { ...saved.snapshot.context, ...powerOnSession };
  return { snapshot: { ...saved.snapshot, value: 'booting', context }, timers: timersOnEntry(machine, 'phone.booting', context) };
}

/**
 * The one step that brings a phone back from what it saved: the actor is created from its
 * snapshot (no entry action runs again) and each saved timer is armed on the actor's clock
 * with what was left of it, under the id its state's exit cancels. Not started.
 */
export function restorePhone(machine: PhoneMachine, saved: SavedPhone, clock: VirtualClock): PhoneActor {
  const { snapshot, timers } = poweredOff(saved.snapshot.value) ? poweredOn(machine, saved) : saved;
  const { profile, identity, firmware } = snapshot.context;
  // The input is what a fresh phone would start from; the snapshot's context wins.
  const actor = createActor(machine, { snapshot: snapshot as unknown as Snapshot<unknown>, input: { profile, identity, firmware }, clock });
  trackTimers(actor, clock);
  const ledger = ledgers.get(actor)!;
  // Armed as the actor starts, before anyone else hears of it (this is its first observer): armed
  // earlier, the system's own start would schedule them a second time.
  const arming = actor.subscribe(() => {
    arming.unsubscribe();
    for (const timer of timers) {
      const event = { type: timer.event };
      actor.system.scheduler.schedule(actor, actor, event, timer.remainingMs, timer.event);
      ledger.set(timer.event, { event, dueAt: clock.now() + timer.remainingMs });
    }
  });
  return actor;
}
