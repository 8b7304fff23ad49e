import { z } from 'zod';
import { keyNames } from '../core/device-profile.js';
import { protocolVersion } from './version.js';

/**
 * Frames of the web console (docs/protocol.md, "Console"): the server asks a phone a console
 * focuses for its screen (`screen.watch`), the phone sends its screen model on change
 * (`screen`), and keys pressed on the page reach the phone (`keys`). Only watched phones send
 * screens. frames.ts adds them to the phone and server unions.
 */
const header = { v: z.literal(protocolVersion) };
const line = z.string().max(256);

export const lockPhases = ['off', 'creating', 'unlocked', 'locked'] as const;
export const callStates = ['idle', 'dialing', 'ringing', 'connected'] as const;

/** What a status frame adds for the console (all optional: phones of older versions leave them out). */
export const statusExtras = {
  /** Download progress from 0 to 1 (in tenths), while downloading. */
  progress: z.number().min(0).max(1).optional(),
  lock: z.enum(lockPhases).optional(),
  call: z.enum(callStates).optional(),
  paired: z.boolean().optional(),
};

/** The phone's display as the TUI draws it (core/screen.ts), with the model's shape. */
export const screenModelSchema = z.strictObject({
  title: line,
  lines: z.array(line).max(24),
  highlighted: z.int().min(0).max(23).nullable(),
  softkeys: z.array(z.strictObject({ id: z.string().min(1).max(64), label: line })).max(8),
  progress: z.number().min(0).max(1).nullable(),
  textEntry: z.boolean(),
  columns: z.int().min(1).max(80),
  rows: z.int().min(1).max(24),
  lineKeys: z.int().min(0).max(48),
  lineKeySides: z.enum(['both', 'left', 'right']),
  /** The keys that open the menu on this model (Home, Menu): the page shows them beside the keypad. */
  menuKeys: z.array(z.enum(keyNames)).max(keyNames.length),
  locale: z.string().min(2).max(16),
});
export type ScreenModel = z.infer<typeof screenModelSchema>;

/** One press on the page: a phone key, the softkey in this slot, or text for the focused field. */
export const consoleKeySchema = z.union(
  [z.strictObject({ key: z.enum(keyNames) }), z.strictObject({ softkey: z.int().min(0).max(7) }), z.strictObject({ text: z.string().min(1).max(256) })],
  // The union's own message ("Invalid input") names none of the three shapes a press may take.
  { error: `a press is {"key": one of ${keyNames.join(' ')}}, {"softkey": 0 to 7} or {"text": 1 to 256 characters}` },
);
export type ConsoleKey = z.infer<typeof consoleKeySchema>;
export const maxKeysPerFrame = 64;

export const consolePhoneFrames = [z.strictObject({ ...header, type: z.literal('screen'), screen: screenModelSchema })] as const;

export const consoleServerFrames = [
  z.strictObject({ ...header, type: z.literal('screen.watch'), watch: z.boolean() }),
  z.strictObject({ ...header, type: z.literal('keys'), keys: z.array(consoleKeySchema).min(1).max(maxKeysPerFrame) }),
] as const;
