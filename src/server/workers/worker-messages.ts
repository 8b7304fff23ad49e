import type { ErrorCode, PhoneFrame } from '../../protocol/frames.js';

/**
 * What the primary and its socket workers say over the IPC channel (docs/decisions, serverscale-workers).
 * The primary hands each upgraded socket to a worker with `handover`; from then on the worker
 * holds the socket and speaks WebSocket and JSON, and the primary keeps every phone's state.
 * Connection ids are the worker's own; each side sends its messages of one tick as one batch.
 */

/** Where the primary listens: the worker checks a request's Origin against it (origin-check.ts). */
export interface BoundHost {
  readonly host: string;
  readonly port: number;
}

/** The upgrade request as the primary read it: enough for ws to answer the handshake. */
export interface HandedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Bytes read past the request head, base64. */
  readonly head: string;
}

export type ToWorker =
  | { readonly t: 'handover'; readonly request: HandedRequest; readonly bound: BoundHost }
  | { readonly t: 'send'; readonly id: number; readonly text: string }
  | { readonly t: 'close'; readonly id: number; readonly code: number; readonly reason: string }
  | { readonly t: 'terminate'; readonly id: number }
  | { readonly t: 'ping'; readonly id: number };

export type FromWorker =
  | { readonly t: 'ready' }
  | { readonly t: 'open'; readonly id: number }
  | { readonly t: 'frame'; readonly id: number; readonly frame: PhoneFrame }
  | { readonly t: 'refused'; readonly id: number; readonly code: ErrorCode; readonly message: string }
  | { readonly t: 'pong'; readonly id: number }
  | { readonly t: 'closed'; readonly id: number };

/** Messages queued in one tick and sent as one: one IPC write per tick, not one per frame. */
export class Batcher<M> {
  #queue: M[] = [];

  constructor(private readonly send: (batch: readonly M[]) => void) {}

  push(message: M): void {
    if (this.#queue.length === 0) process.nextTick(() => this.flush());
    this.#queue.push(message);
  }

  flush(): void {
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.send(batch);
  }
}
