import type { KeyName } from '../core/device-profile.js';
import type { PcOs } from '../core/identity/identity-types.js';
import type { PhoneSnapshot } from '../core/screen.js';

/**
 * What a person does to an interactive phone, in the phone's own words (keys, softkey
 * labels, text, the PC beside it): what the TUI tells an observer such as a session
 * recorder, so the recorder needs neither the terminal's keys nor Ink.
 */
export type SessionInput =
  | { readonly kind: 'key'; readonly key: KeyName }
  | { readonly kind: 'softkey'; readonly label: string }
  | { readonly kind: 'text'; readonly text: string }
  /** An incoming call from `from`, injected through the server (the TUI's ring key). */
  | { readonly kind: 'ring'; readonly from: string }
  | { readonly kind: 'pc'; readonly action: PcInput }
  /** The user asks for a checkpoint: what the phone shows now is to be expected there. */
  | { readonly kind: 'checkpoint' };

/** What the emulated PC's user does: pair as an OS, type the pairing code, lock, call, sign in, recable. */
export type PcInput =
  | { readonly pair: PcOs }
  | { readonly code: string }
  | { readonly lock: boolean }
  | { readonly call: string }
  | { readonly signIn: string; readonly password: string }
  | { readonly link: 'ethernet' | 'usb' };

/** Hears each input with the phone just before and just after it (the same snapshot when the input is asynchronous). */
export interface SessionObserver {
  observe(input: SessionInput, before: PhoneSnapshot, after: PhoneSnapshot): void;
}
