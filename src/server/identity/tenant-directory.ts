import { timingSafeEqual } from 'node:crypto';
import type { CallKind } from '../../core/identity/identity-types.js';
import type { Tenant, TenantUser } from '../../core/tenant.js';

/** Who a dialled party is: an emergency number, a user of the tenant (by extension or UPN), or a phone number. */
export type PartyKind = { readonly kind: CallKind; readonly user?: TenantUser } | { readonly kind: 'unknown' };

/** The tenant's users as the sign-in service and the call router look them up. */
export class TenantDirectory {
  readonly #users: TenantUser[];

  constructor(readonly tenant: Tenant) {
    this.#users = [...tenant.users];
  }

  byUpn(upn: string): TenantUser | undefined {
    const wanted = upn.trim().replace(/^sip:/i, '').toLowerCase();
    return this.#users.find((user) => user.upn.toLowerCase() === wanted);
  }

  byExtension(extension: string): TenantUser | undefined {
    return this.#users.find((user) => user.extension === extension);
  }

  /**
   * Adds a user, or replaces the one with the same UPN (a phone signed in keeps what it was
   * given until its next sign-in). Refused, with the reason, when the extension is taken.
   */
  put(user: TenantUser): { readonly added: boolean } | { readonly problem: string } {
    const existing = this.byUpn(user.upn);
    if (user.extension !== undefined) {
      if (this.tenant.emergencyNumbers.includes(user.extension)) return { problem: `extension "${user.extension}" is an emergency number` };
      const owner = this.byExtension(user.extension);
      if (owner && owner !== existing) return { problem: `extension "${user.extension}" belongs to ${owner.upn}` };
    }
    if (existing) this.#users.splice(this.#users.indexOf(existing), 1, user);
    else this.#users.push(user);
    return { added: !existing };
  }

  /** The user when the password is theirs; the comparison takes the same time whatever matches. */
  withPassword(upn: string, password: string): TenantUser | undefined {
    const user = this.byUpn(upn);
    return user && sameSecret(user.password, password) ? user : undefined;
  }

  withPin(extension: string, pin: string): TenantUser | undefined {
    const user = this.byExtension(extension);
    return user?.pin !== undefined && sameSecret(user.pin, pin) ? user : undefined;
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

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const displayNameOf = (user: TenantUser): string => user.displayName ?? user.upn;
