import { z } from 'zod';
import type { DeviceRecord } from './store.js';
import { statusExtras } from '../protocol/console-frames.js';
import { helloDeviceSchema, maxReasonChars, maxUserChars, maxWarnings, updateStates } from '../protocol/frames.js';

/**
 * The server's records of phones and test devices, as the store holds them and a state file
 * keeps them. They are derived from the frames that fill them (protocol/frames.ts), and the
 * store checks them with these very schemas on the way in: what the server accepts, the next
 * start can read back.
 */

/** A warning as the device list keeps it: formatted in en-US, clipped to this length. */
export const maxWarningChars = 500;

const version = helloDeviceSchema.shape.firmware;

export const deviceRecordSchema = helloDeviceSchema.extend({
  connected: z.boolean(),
  user: z.string().max(maxUserChars).nullable(),
  update: z.enum(updateStates),
  warnings: z.array(z.string().max(maxWarningChars)).max(maxWarnings),
  installed: z.array(version),
  lastResult: z
    .strictObject({ version, outcome: z.enum(['installed', 'failed']), previous: version.optional(), reason: z.string().max(maxReasonChars).optional() })
    .nullable(),
  // Optional: state files written before the console have none (console-frames.ts).
  ...statusExtras,
});

export const testDeviceTypes = ['MACAddress', 'SerialNumber'] as const;

export const testDeviceSchema = z.strictObject({
  name: z.string().min(1).max(64),
  type: z.enum(testDeviceTypes),
  /** Normalized: a MAC as upper-case hex without separators, a serial as given. */
  identifier: z.string().min(1).max(64),
});

/** A warning clipped to what a record keeps, so one long parameter cannot make a record the next start refuses. */
export const clipWarning = (text: string): string => (text.length <= maxWarningChars ? text : `${text.slice(0, maxWarningChars - 3)}...`);

/** The first problem of a value against a schema, as `field: problem`; undefined when it passes. */
export function schemaProblem(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  return `${issue.path.length > 0 ? issue.path.join('.') : 'record'}: ${issue.message}`;
}

/**
 * What a phone's report of its running firmware (hello, update.check) corrects in its record:
 * a phone that runs the build its last result says failed did install it (the server lost the
 * later report to a kill), so the record says installed, and lists the build.
 */
export function repairedByReport(record: DeviceRecord, firmware: string): Partial<DeviceRecord> {
  const last = record.lastResult;
  if (last?.version !== firmware || last.outcome !== 'failed') return {};
  return {
    lastResult: { version: firmware, outcome: 'installed' },
    ...(record.installed.at(-1) === firmware ? {} : { installed: [...record.installed, firmware] }),
  };
}
