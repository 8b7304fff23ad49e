import type { SignInMethod } from '../device-profile.js';
import type { Deployment } from '../tenant.js';

/** Why the service refuses a sign-in; the phone shows the matching message (signIn.refused.<reason>). */
export const signInRefusals = [
  'badCredentials',
  'noPhoneSystem',
  'pinNotOnline',
  'methodNotOffered',
  'notPaired',
  'sessionExpired',
  // Online, a phone below its family's Online minimum firmware cannot connect (Microsoft's phone list: upgrade first).
  'belowOnlineMinimum',
  /** Too many failed sign-ins on this account or connection: refused, even right ones, until the lockout ends. */
  'lockedOut',
] as const;
export type SignInRefusal = (typeof signInRefusals)[number];

export type SignInAccess = { readonly allowed: true; readonly exchange: boolean } | { readonly allowed: false; readonly reason: SignInRefusal };

/**
 * The seed's supported-deployments table: whether a sign-in method reaches Skype for
 * Business, and whether Exchange (calendar, voicemail) is reachable after it.
 * Rows the table does not list are assumptions, marked below and in the README.
 */
export function signInAccess(deployment: Deployment, method: SignInMethod): SignInAccess {
  const { sfb, exchange, mfa } = deployment;
  if (sfb === 'online') {
    switch (method) {
      case 'web':
        return { allowed: true, exchange: exchange === 'online' };
      case 'userId':
        return { allowed: true, exchange: !mfa };
      case 'pin':
        return { allowed: false, reason: 'pinNotOnline' };
      case 'pc':
      case 'usb':
        // Not in the table: the credentials are typed into the Windows client, as for User ID.
        return { allowed: true, exchange: !mfa };
    }
  }
  switch (method) {
    case 'pin':
      return { allowed: true, exchange: false };
    case 'userId':
    case 'pc':
    case 'usb':
      return { allowed: true, exchange: true };
    case 'web':
      // Not in the table: on-premises web sign-in needs Hybrid Modern Auth; Exchange as for Online web sign-in.
      return { allowed: true, exchange: exchange === 'online' };
  }
}
