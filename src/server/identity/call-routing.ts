import type { FrameBody, ServerFrame } from '../../protocol/frames.js';

/**
 * Calls between emulated phones. A phone dialling a user signed in on another connected
 * phone rings that phone; the router then relays its answer and either side's hang-up.
 * It keeps the calls by id and knows phones only by MAC: `CallDelivery` finds and reaches
 * them, so a server split across processes routes through the same two methods.
 */
export interface CallDelivery {
  /** The MAC of a connected phone signed in as `upn`, other than `exceptMac`; undefined when there is none. */
  phoneSignedInAs(upn: string, exceptMac: string): string | undefined;
  /** Sends a frame to the connection of the phone with this MAC; false when it is not connected. */
  deliver(mac: string, frame: FrameBody<ServerFrame>): boolean;
}

/** One routed call: both ends by MAC, and whether the callee answered. */
interface RoutedCall {
  readonly caller: string;
  readonly callee: string;
  answered: boolean;
}

/** How routed calls ended, for the admin API and tests. */
export interface CallCounts {
  readonly placed: number;
  readonly answered: number;
}

export class CallRouter {
  readonly #calls = new Map<string, RoutedCall>();
  #placed = 0;
  #answered = 0;

  constructor(private readonly delivery: CallDelivery) {}

  /**
   * Rings the phone of `calleeUpn` with a call from `callerMac` (shown there as `callerName`),
   * and tells the caller it is placed. False when no other phone has that user signed in:
   * the caller's call then goes to the stand-in far end.
   */
  place(call: { readonly id: string; readonly callerMac: string; readonly callerName: string; readonly party: string; readonly calleeUpn: string }): boolean {
    const callee = this.delivery.phoneSignedInAs(call.calleeUpn, call.callerMac);
    if (callee === undefined) return false;
    const rang = this.delivery.deliver(callee, {
      type: 'call.incoming',
      call: { id: call.id, party: call.callerName, direction: 'incoming', answerAfterMs: 0, farEnd: 'phone' },
    });
    if (!rang) return false;
    this.#calls.set(call.id, { caller: call.callerMac, callee, answered: false });
    this.#placed += 1;
    this.delivery.deliver(call.callerMac, {
      type: 'call.placed',
      call: { id: call.id, party: call.party, direction: 'outgoing', answerAfterMs: 0, farEnd: 'phone' },
    });
    return true;
  }

  /** The callee answered: the caller's screen goes to connected too. A frame for another call is ignored. */
  answered(mac: string, id: string): void {
    const call = this.#calls.get(id);
    if (!call || call.callee !== mac || call.answered) return;
    call.answered = true;
    this.#answered += 1;
    this.delivery.deliver(call.caller, { type: 'call.answered', id });
  }

  /** One end hung up (or declined, or was busy): the other end's call ends. */
  hungUp(mac: string, id: string): void {
    const call = this.#calls.get(id);
    if (!call || (call.caller !== mac && call.callee !== mac)) return;
    this.#calls.delete(id);
    this.delivery.deliver(call.caller === mac ? call.callee : call.caller, { type: 'call.ended', id });
  }

  /** A phone's connection closed: each call it was in ends for the other end. */
  disconnected(mac: string): void {
    for (const [id, call] of this.#calls) if (call.caller === mac || call.callee === mac) this.hungUp(mac, id);
  }

  /** Calls in progress (ringing or connected). */
  get active(): number {
    return this.#calls.size;
  }

  counts(): CallCounts {
    return { placed: this.#placed, answered: this.#answered };
  }
}
