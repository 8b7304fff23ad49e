import type { CallKind } from '../../core/identity/identity-types.js';
import { hashSecret, hashSecretAsync, secretMatchesAsync } from '../../core/secret-hash.js';
import type { Tenant, TenantUser } from '../../core/tenant.js';

/** A user as the service keeps one: the password and sign-in PIN only as salted scrypt hashes. */
export interface DirectoryUser extends Omit<TenantUser, 'password' | 'pin'> {
  readonly passwordHash: string;
  readonly pinHash?: string | undefined;
}

/** A tenant as the service keeps it once loaded: no secret in the clear. */
export interface DirectoryTenant extends Omit<Tenant, 'users'> {
  readonly users: readonly DirectoryUser[];
}

/** Hashes every password and PIN of a tenant file's users, side by side off the main thread. */
export async function hashTenant(tenant: Tenant): Promise<DirectoryTenant> {
  const users = await Promise.all(
    tenant.users.map(async ({ password, pin, ...user }) => ({
      ...user,
      passwordHash: await hashSecretAsync(password),
      ...(pin === undefined ? {} : { pinHash: await hashSecretAsync(pin) }),
    })),
  );
  return { ...tenant, users };
}

let decoy: string | undefined;
/** A hash no secret was given for, checked when the user is unknown. */
const decoyHash = () => (decoy ??= hashSecret(`decoy-${Math.random()}`));

/** Who a dialled party is: an emergency number, a user of the tenant (by extension or UPN), or a phone number. */
export type PartyKind = { readonly kind: CallKind; readonly user?: DirectoryUser } | { readonly kind: 'unknown' };

/** The tenant's users as the sign-in service and the call router look them up. */
export class TenantDirectory {
  readonly #users: DirectoryUser[];

  constructor(readonly tenant: DirectoryTenant) {
    this.#users = [...tenant.users];
  }

  /** The tenant as it is now, users added since it loaded included: what a server state file keeps. */
  current(): DirectoryTenant {
    return { ...this.tenant, users: [...this.#users] };
  }

  byUpn(upn: string): DirectoryUser | undefined {
    const wanted = upn.trim().replace(/^sip:/i, '').toLowerCase();
    return this.#users.find((user) => user.upn.toLowerCase() === wanted);
  }

  byExtension(extension: string): DirectoryUser | undefined {
    return this.#users.find((user) => user.extension === extension);
  }

  /**
   * Adds a user, or replaces the one with the same UPN (a phone signed in keeps what it was
   * given until its next sign-in), its password and PIN hashed as they arrive. Refused, with
   * the reason, when the extension is taken.
   */
  put({ password, pin, ...user }: TenantUser): { readonly added: boolean } | { readonly problem: string } {
    const existing = this.byUpn(user.upn);
    if (user.extension !== undefined) {
      if (this.tenant.emergencyNumbers.includes(user.extension)) return { problem: `extension "${user.extension}" is an emergency number` };
      const owner = this.byExtension(user.extension);
      if (owner && owner !== existing) return { problem: `extension "${user.extension}" belongs to ${owner.upn}` };
    }
    const kept: DirectoryUser = { ...user, passwordHash: hashSecret(password), ...(pin === undefined ? {} : { pinHash: hashSecret(pin) }) };
    if (existing) this.#users.splice(this.#users.indexOf(existing), 1, kept);
    else this.#users.push(kept);
    return { added: !existing };
  }

  /**
   * The user when the password is theirs; an unknown user costs a hash too, so timing does not tell
   * who exists. The hash runs off the event loop: other phones are served meanwhile.
   */
  async withPassword(upn: string, password: string): Promise<DirectoryUser | undefined> {
    const user = this.byUpn(upn);
    return (await secretMatchesAsync(password, user?.passwordHash ?? decoyHash())) && user ? user : undefined;
  }

  async withPin(extension: string, pin: string): Promise<DirectoryUser | undefined> {
    const user = this.byExtension(extension);
    return (await secretMatchesAsync(pin, user?.pinHash ?? decoyHash())) && user?.pinHash !== undefined ? user : undefined;
  }

  classify(party: string): PartyKind {
    const trimmed = party.trim();
    if (this.tenant.emergencyNumbers.includes(trimmed)) return { kind: 'emergency' };
    const user = this.byExtension(trimmed) ?? this.byUpn(trimmed);
    if (user) return { kind: 'user', user };
    if (/^\+?\d{3,15}$/.test(trimmed)) return { kind: 'pstn' };
    return { kind: 'unknown' };
  }
}

export const displayNameOf = (user: Pick<DirectoryUser, 'displayName' | 'upn'>): string => user.displayName ?? user.upn;
