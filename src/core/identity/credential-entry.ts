import type { KeyName } from '../device-profile.js';
import type { PhoneEvent } from '../phone-types.js';
import type { TenantUser } from '../tenant.js';

const select = { type: 'key.press', key: 'Select' } as const;

const digitKeys = (digits: string): PhoneEvent[] => [...digits].map((key) => ({ type: 'key.press', key: key as KeyName }));

/**
 * What a person enters on an open User ID or PIN authentication form: the first field,
 * Select to the next, the second, Select to submit. Scenarios and fleet sign-in waves
 * both type credentials this way.
 */
export function credentialEntry(method: 'userId' | 'pin', user: Pick<TenantUser, 'upn' | 'password' | 'extension' | 'pin'>): PhoneEvent[] {
  return method === 'userId'
    ? [{ type: 'text.input', text: user.upn }, select, { type: 'text.input', text: user.password }, select]
    : [...digitKeys(user.extension ?? ''), select, ...digitKeys(user.pin ?? ''), select];
}
