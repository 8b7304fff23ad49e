import type { PhoneContext } from './phone-types.js';

/** The device parameter that turns Polycom's Update / Postpone pop-up on (1, the default from 5.5.1). */
export const popUpSetting = 'lync.deviceUpdate.popUpSK.enabled';

const isTruthySetting = (value: string | number | boolean | undefined): boolean =>
  value === true || value === 1 || value === '1' || value === 'true';

/** True when an offer is shown as an Update / Postpone pop-up rather than a notice. */
export function offersPopUp(context: Pick<PhoneContext, 'profile' | 'settings' | 'traits'>): boolean {
  const fallback = context.traits.popUpDefault;
  return context.profile.update.prompt === 'popup' && isTruthySetting(context.settings[popUpSetting] ?? fallback);
}
