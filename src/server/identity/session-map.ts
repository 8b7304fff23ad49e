/** Sessions kept per user: a user signs in on a few phones, not on thousands. */
export const maxSessionsPerUser = 32;
/** Sessions kept in all (and written to a state file). */
export const maxSessions = 50_000;

/**
 * Sign-in sessions by the hash of their token, bounded: past a user's limit that user's
 * oldest session ends, past the total the oldest of all does. A phone whose session ended
 * this way is asked to sign in again when it resumes (`sessionExpired`).
 */
export class SessionMap<S extends { readonly upn: string }> extends Map<string, S> {
  readonly #byUser = new Map<string, Set<string>>();

  constructor(
    entries?: Iterable<readonly [string, S]>,
    readonly perUser = maxSessionsPerUser,
    readonly total = maxSessions,
  ) {
    super();
    for (const [hash, session] of entries ?? []) this.set(hash, session);
  }

  override set(hash: string, session: S): this {
    this.delete(hash);
    const user = session.upn.toLowerCase();
    let mine = this.#byUser.get(user);
    if (!mine) this.#byUser.set(user, (mine = new Set()));
    if (mine.size >= this.perUser) this.delete(mine.values().next().value!);
    if (this.size >= this.total) this.delete(this.keys().next().value!);
    mine.add(hash);
    return super.set(hash, session);
  }

  override delete(hash: string): boolean {
    const session = this.get(hash);
    if (!session) return false;
    const user = session.upn.toLowerCase();
    const mine = this.#byUser.get(user);
    mine?.delete(hash);
    if (mine?.size === 0) this.#byUser.delete(user);
    return super.delete(hash);
  }
}
