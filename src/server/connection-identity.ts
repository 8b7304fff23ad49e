import WebSocket from 'ws';

/**
 * A phone's identity is its MAC, bound to the connection that said hello with it (docs/protocol.md,
 * "Who may act for a phone"). A second live connection claiming a held MAC is refused: on a real
 * network a duplicate MAC is a fault, and merging the two would let any socket act for the phone.
 * A phone that reconnects takes its MAC over once the old socket is gone: already closing, or
 * silent to a ping for `probeMs` (a half-open socket whose close the server has not seen yet).
 */
export type ClaimOutcome = 'granted' | 'refused';

/** Wall-clock ms a held connection has to answer a ping before a new claim on its MAC takes over. */
export const defaultProbeMs = 5_000;

interface Holder<T> {
  readonly owner: T;
  readonly socket: WebSocket;
}

export class MacClaims<T> {
  readonly #holders = new Map<string, Holder<T>>();

  constructor(private readonly probeMs = defaultProbeMs) {}

  /** The connection holding this MAC, if any. */
  holder(mac: string): T | undefined {
    return this.#holders.get(mac.toLowerCase())?.owner;
  }

  /**
   * Binds `mac` to `owner`. Answers at once when the MAC is free, the owner's own, or held by a
   * socket that is no longer open; waits for the holder's pong (refused) or its silence (granted,
   * and the silent socket is terminated) otherwise.
   */
  claim(mac: string, owner: T, socket: WebSocket): ClaimOutcome | Promise<ClaimOutcome> {
    const key = mac.toLowerCase();
    const held = this.#holders.get(key);
    if (!held || held.owner === owner || held.socket.readyState !== WebSocket.OPEN) return this.#grant(key, owner, socket);
    return answersPing(held.socket, this.probeMs).then((alive) => {
      const now = this.#holders.get(key);
      // Someone else took the MAC meanwhile, or the claimant left: not this claim's to take.
      if (now !== held && now !== undefined && now.owner !== owner) return 'refused';
      if (socket.readyState !== WebSocket.OPEN) return 'refused';
      if (alive && now === held && held.socket.readyState === WebSocket.OPEN) return 'refused';
      if (held.socket.readyState === WebSocket.OPEN) held.socket.terminate();
      return this.#grant(key, owner, socket);
    });
  }

  /** Lets go of `mac` if `owner` holds it; true when it did (the phone is offline now). */
  release(mac: string, owner: T): boolean {
    const key = mac.toLowerCase();
    if (this.#holders.get(key)?.owner !== owner) return false;
    this.#holders.delete(key);
    return true;
  }

  #grant(key: string, owner: T, socket: WebSocket): 'granted' {
    this.#holders.set(key, { owner, socket });
    return 'granted';
  }
}

/** True when the socket answers a ping within `ms`, or is closed meanwhile (false). */
function answersPing(socket: WebSocket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (alive: boolean) => {
      clearTimeout(timer);
      socket.off('pong', onPong);
      socket.off('close', onClose);
      resolve(alive);
    };
    const onPong = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    socket.on('pong', onPong);
    socket.on('close', onClose);
    try {
      socket.ping();
    } catch {
      done(false);
    }
  });
}
