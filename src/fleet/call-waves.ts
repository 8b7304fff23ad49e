import type { KeyName } from '../core/device-profile.js';
import { callState, isConfirmingPin, isLocked, lockScreen, signedInUser } from '../core/selectors.js';
import type { TenantUser } from '../core/tenant.js';
import type { PhoneActor } from '../phone/create-phone.js';

/**
 * `phone-emu fleet --signin METHOD --calls`: signed-in phones call each other in pairs, as
 * their users would: phone 2k dials the extension of phone 2k+1's user, which answers; once
 * both are connected the caller hangs up. Only phones whose user no other phone has take
 * part (the first `users` phones): a call to a user signed in on two phones rings one of them.
 */
export interface CallTally {
  /** Pairs whose callee answered and both ends were connected. */
  readonly connected: number;
  /** Pairs whose call ended before it connected, by why. */
  readonly refused: number;
  readonly failures: Record<string, number>;
  /** Pairs still waiting for a sign-in, their call, or the other end. */
  readonly pending: number;
}

/** The Phone-Lock PIN a fleet's user sets when the phone asks for one after sign-in. */
const fleetPin = '135790';

/** Phone 2k calls the extension of phone 2k+1's user. */
interface Pair {
  readonly caller: number;
  readonly callee: number;
  readonly extension: string | undefined;
}

const Stage = { Waiting: 0, Dialed: 1, Answered: 2, Connected: 3, Refused: 4 } as const;

export class CallWaves {
  readonly #pairs: Pair[] = [];
  readonly #stage: Uint8Array;
  readonly #failures = new Map<string, number>();

  constructor(
    private readonly phones: readonly PhoneActor[],
    users: readonly TenantUser[],
    /** The first phone's index in the whole fleet (a worker's or shard's slice): its users are counted from there. */
    firstIndex = 0,
  ) {
    // Pairs stay inside the slice: each process moves only its own phones.
    const taking = Math.max(0, Math.min(phones.length, users.length - firstIndex)) & ~1;
    for (let caller = 0; caller < taking; caller += 2) this.#pairs.push({ caller, callee: caller + 1, extension: users[firstIndex + caller + 1]!.extension });
    this.#stage = new Uint8Array(this.#pairs.length);
  }

  /** Moves every pair on: PINs first, then the call, the answer, the hang-up. */
  tick(): void {
    this.#pairs.forEach((pair, index) => this.#moveOn(index, pair));
  }

  get done(): boolean {
    return this.tally().pending === 0;
  }

  tally(): CallTally {
    let connected = 0;
    let refused = 0;
    for (const stage of this.#stage) {
      if (stage === Stage.Connected) connected += 1;
      else if (stage === Stage.Refused) refused += 1;
    }
    return { connected, refused, failures: Object.fromEntries(this.#failures), pending: this.#pairs.length - connected - refused };
  }

  #moveOn(index: number, pair: Pair): void {
    const caller = this.phones[pair.caller]!;
    const callee = this.phones[pair.callee]!;
    const stage = this.#stage[index];
    if (stage === Stage.Connected || stage === Stage.Refused) return;
    if (stage === Stage.Waiting) {
      if (!ready(caller) || !ready(callee)) return;
      if (pair.extension === undefined) return this.#refuse(index, "the callee's user has no extension");
      send(caller, ['Hook', ...digits(pair.extension)]);
      caller.send({ type: 'softkey.press', id: 'dial' });
      this.#stage[index] = Stage.Dialed;
      return;
    }
    const [calling, called] = [callState(caller.getSnapshot()), callState(callee.getSnapshot())];
    if (calling === 'connected' && called === 'connected') {
      this.#stage[index] = Stage.Connected;
      caller.send({ type: 'softkey.press', id: 'hangUp' });
      return;
    }
    if (calling === 'idle') return this.#refuse(index, called === 'idle' ? 'the call ended before it was answered' : `the callee was ${called}`);
    if (called === 'ringing' && stage === Stage.Dialed) {
      callee.send({ type: 'softkey.press', id: 'answer' });
      // A locked Polycom asks for the PIN to answer.
      if (callState(callee.getSnapshot()) === 'ringing') {
        callee.send({ type: 'text.input', text: fleetPin });
        callee.send({ type: 'softkey.press', id: 'answer' });
      }
      this.#stage[index] = Stage.Answered;
    }
  }

  #refuse(index: number, reason: string): void {
    this.#stage[index] = Stage.Refused;
    this.#failures.set(reason, (this.#failures.get(reason) ?? 0) + 1);
  }
}

const digits = (text: string): KeyName[] => [...text] as KeyName[];

function send(actor: PhoneActor, keys: readonly KeyName[]): void {
  for (const key of keys) actor.send({ type: 'key.press', key });
}

/** Signed in and on its idle screen: a PIN set when it asks for one, unlocked when locked. */
function ready(actor: PhoneActor): boolean {
  const snapshot = actor.getSnapshot();
  if (!signedInUser(snapshot)) return false;
  if (lockScreen(snapshot) === 'creating') {
    send(actor, [...digits(fleetPin), 'Select']);
    if (isConfirmingPin(actor.getSnapshot())) send(actor, [...digits(fleetPin), 'Select']);
    return false;
  }
  if (isLocked(snapshot)) {
    send(actor, [...digits(fleetPin), 'Select']);
    return false;
  }
  return callState(snapshot) === 'idle';
}
