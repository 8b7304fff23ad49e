import { z } from 'zod';

/**
 * The in-band settings the phone's identity features read, under the names of the real
 * cmdlets (domain-facts.md 1 and 2) with their documented defaults. The update server
 * delivers them in-band; until it does, these defaults hold.
 */
export interface PhonePolicy {
  /** Set-CsUCPhoneConfiguration: Phone-Lock on or off. */
  readonly EnforcePhoneLock: boolean;
  /** Set-CsUCPhoneConfiguration: idle time before the phone locks, a TimeSpan hh:mm:ss under 01:00:00. */
  readonly PhoneLockTimeout: string;
  /** Set-CsUCPhoneConfiguration: the shortest Phone-Lock PIN, 4 to 15 digits. */
  readonly MinPhonePinLength: number;
  /** Set-CsIPPhonePolicy: wrong unlock PINs before the phone signs out or asks for an administrator code. */
  readonly KeyboardLockMaxPinRetry: number;
  /** Set-CsIPPhonePolicy: ms after the last digit before a number dials by itself. */
  readonly UserDialTimeoutMS: number;
  /** Set-CsIPPhonePolicy: BToE pairing allowed. */
  readonly EnableBetterTogetherOverEthernet: boolean;
  /** Set-CsIPPhonePolicy: Auto pairs by itself; Manual needs the phone's pairing code on the PC. */
  readonly BetterTogetherOverEthernetPairingMode: 'Auto' | 'Manual';
}

export const defaultPhonePolicy: PhonePolicy = {
  EnforcePhoneLock: true,
  PhoneLockTimeout: '00:10:00',
  MinPhonePinLength: 6,
  KeyboardLockMaxPinRetry: 5,
  UserDialTimeoutMS: 5_000,
  EnableBetterTogetherOverEthernet: true,
  // The cmdlet doc says Manual, the deployment guide (the seed) and Polycom say Auto: the seed wins.
  BetterTogetherOverEthernetPairingMode: 'Auto',
};

/** The longest Phone-Lock PIN any phone accepts. */
export const maxPhonePinLength = 15;

/** Milliseconds in a TimeSpan written hh:mm:ss (as Set-CsUCPhoneConfiguration takes it). */
export function timeSpanMs(value: string): number {
  const match = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(value);
  if (!match) throw new Error(`"${value}" is not a TimeSpan hh:mm:ss`);
  const [, hours, minutes, seconds] = match.map(Number) as [number, number, number, number];
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

const timeSpan = z
  .string()
  .refine((value) => /^\d{1,2}:[0-5]\d:[0-5]\d$/.test(value), 'a TimeSpan hh:mm:ss such as "00:10:00"');

/** Validates policy values from files, scenarios and frames, with the cmdlets' ranges. */
export const phonePolicySchema = z.strictObject({
  EnforcePhoneLock: z.boolean(),
  PhoneLockTimeout: timeSpan.refine((value) => {
    const ms = timeSpanMs(value);
    return ms > 0 && ms < 60 * 60_000;
  }, 'more than 00:00:00 and less than 01:00:00'),
  MinPhonePinLength: z.int().min(4).max(maxPhonePinLength),
  KeyboardLockMaxPinRetry: z.int().min(1).max(100),
  UserDialTimeoutMS: z.int().min(0).max(60_000),
  EnableBetterTogetherOverEthernet: z.boolean(),
  BetterTogetherOverEthernetPairingMode: z.enum(['Auto', 'Manual']),
});
