import { getNextSnapshot } from 'xstate';
import type { KeyName } from '../core/device-profile.js';
import { credentialEntry } from '../core/identity/credential-entry.js';
import { translate } from '../core/messages/index.js';
import { deviceProfile, sfbDeployment, signedInUser, signedOutStep, signInError, signInMethods, webCode } from '../core/selectors.js';
import type { TenantUser } from '../core/tenant.js';
import type { PhoneActor } from '../phone/create-phone.js';
import type { PendingWork } from '../phone/pending-work.js';
import type { FleetSignInMethod } from './sign-in-methods.js';
import { completeWebSignIn } from '../pc/browser-sign-in.js';

export interface SignInWaveOptions {
  readonly method: FleetSignInMethod;
  /** Who signs in: phone n takes user n modulo their number. */
  readonly users: readonly TenantUser[];
  /** The index of the first phone in the whole fleet, when these are one shard or worker's slice of it. */
  readonly firstIndex?: number;
  /** Phones that begin signing in together. */
  readonly waveSize: number;
  /** Virtual time between one wave and the next; phones already in a wave are looked at again then. */
  readonly everyMs: number;
}

export interface SignInTally {
  readonly signedIn: number;
  /** Phones whose sign-in ended without a user, by what their screen said. */
  readonly failures: Record<string, number>;
  /** Phones still waiting for their wave, their start screen, or the service. */
  readonly pending: number;
}

/** Users a method can sign in: licensed for Phone System, with an extension and PIN for PIN authentication. */
export function usersFor(method: FleetSignInMethod, users: readonly TenantUser[]): TenantUser[] {
  return users.filter(
    (user) => user.licenses.includes('PhoneSystem') && (method !== 'pin' || (user.extension !== undefined && user.pin !== undefined)),
  );
}

/** Where each phone is, one byte a phone. */
const Progress = { Waiting: 0, Started: 1, InBrowser: 2, SignedIn: 3, Failed: 4 } as const;

/** Web sign-ins walked in the browser at once: each is five HTTP requests. */
const browsersAtOnce = 16;

const rowDigits: readonly KeyName[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Signs a fleet's phones in, a wave at a time, the way a person does it on each phone:
 * the method's row on the start screen, then the user's credentials, or for web sign-in
 * the code the phone shows, entered in the sign-in pages over HTTP. A phone whose start
 * screen is covered (an update pop-up, a download) is tried again at the next wave.
 */
export class SignInWaves {
  readonly #progress: Uint8Array;
  readonly #failures = new Map<string, number>();
  #wavesOpen = 0;
  #browsers = 0;
  readonly #browserQueue: (() => Promise<void>)[] = [];

  constructor(
    private readonly phones: readonly PhoneActor[],
    private readonly options: SignInWaveOptions,
    private readonly work: PendingWork,
  ) {
    this.#progress = new Uint8Array(phones.length);
  }

  /** Opens the next wave and moves every phone of the open waves on. */
  tick(): void {
    if (this.#wavesOpen * this.options.waveSize < this.phones.length) this.#wavesOpen += 1;
    const open = Math.min(this.phones.length, this.#wavesOpen * this.options.waveSize);
    for (let index = 0; index < open; index += 1) this.#moveOn(index);
  }

  /** True once every phone is signed in or has failed. */
  get done(): boolean {
    return this.tally().pending === 0;
  }

  tally(): SignInTally {
    let signedIn = 0;
    let pending = 0;
    for (let index = 0; index < this.phones.length; index += 1) {
      // Who is signed in now: a phone signed in since the last wave counts, one signed out since does not.
      if (this.#progress[index] === Progress.Failed) continue;
      if (signedInUser(this.phones[index]!.getSnapshot())) signedIn += 1;
      else pending += 1;
    }
    return { signedIn, failures: Object.fromEntries(this.#failures), pending };
  }

  #moveOn(index: number): void {
    let progress = this.#progress[index];
    if (progress === Progress.Failed || progress === Progress.InBrowser) return;
    const actor = this.phones[index]!;
    const snapshot = actor.getSnapshot();
    if (signedInUser(snapshot)) {
      this.#progress[index] = Progress.SignedIn;
      return;
    }
    // Signed out since (its session ended): the user signs in again.
    if (progress === Progress.SignedIn) progress = this.#progress[index] = Progress.Waiting;
    const [state, substate] = signedOutStep(snapshot);
    if (state === undefined) return; // not running yet, or rebooting: next wave
    if (progress === Progress.Started) {
      const error = signInError(snapshot);
      if (error && substate !== 'submitting') return this.#fail(index, translate('en-US', error));
      if (state === 'web' && substate === 'showing' && webCode(snapshot)) return this.#walkBrowser(index);
      if (state === 'web' && substate === 'expired') return this.#fail(index, translate('en-US', 'web.expired'));
      if (state !== 'idle') return; // the service has not answered yet
      // Back on the start screen with nothing said: the phone rebooted mid-sign-in. Start again.
    }
    if (state !== 'idle') return;
    const row = signInMethods(snapshot).indexOf(this.options.method);
    if (row < 0) return this.#fail(index, `${deviceProfile(snapshot).id} does not offer ${this.options.method} sign-in (${sfbDeployment(snapshot)})`);
    const pick = { type: 'key.press', key: rowDigits[row]! } as const;
    // A covered start screen (an update pop-up, a download) ignores the key; it would only
    // restart the update's inactivity period. Then the phone waits for the next wave.
    if (signedOutStep(getNextSnapshot(actor.logic, snapshot, pick))[0] === 'idle') return;
    const user = this.#userOf(index);
    actor.send(pick);
    if (this.options.method !== 'web') for (const event of credentialEntry(this.options.method, user)) actor.send(event);
    this.#progress[index] = Progress.Started;
  }

  #userOf(index: number): TenantUser {
    return this.options.users[((this.options.firstIndex ?? 0) + index) % this.options.users.length]!;
  }

  #fail(index: number, reason: string): void {
    this.#progress[index] = Progress.Failed;
    this.#failures.set(reason, (this.#failures.get(reason) ?? 0) + 1);
  }

  /** The sign-in pages, walked with the code on the phone's screen; virtual time waits for them. */
  #walkBrowser(index: number): void {
    const code = webCode(this.phones[index]!.getSnapshot())!;
    const user = this.#userOf(index);
    this.#progress[index] = Progress.InBrowser;
    this.work.begin();
    this.#browserQueue.push(async () => {
      try {
        const result = await completeWebSignIn({ url: code.url, user: user.upn, code: code.code, password: user.password, account: 'pick' });
        if (result.done) this.#progress[index] = Progress.Started;
        else this.#fail(index, `the web sign-in pages stopped at: ${result.page.slice(0, 120)}`);
      } catch (error) {
        this.#fail(index, `the web sign-in pages: ${(error as Error).message}`);
      } finally {
        this.work.end();
      }
    });
    this.#nextBrowser();
  }

  #nextBrowser(): void {
    while (this.#browsers < browsersAtOnce && this.#browserQueue.length > 0) {
      const walk = this.#browserQueue.shift()!;
      this.#browsers += 1;
      void walk().finally(() => {
        this.#browsers -= 1;
        this.#nextBrowser();
      });
    }
  }
}
