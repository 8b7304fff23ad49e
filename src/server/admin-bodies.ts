import { z } from 'zod';
import { maxClockJumpMs } from '../core/clock-control.js';
import { consoleKeySchema, maxKeysPerFrame } from '../protocol/console-frames.js';
import { downloadFaults, testDeviceTypes } from './store.js';

/** What a family is named by in a firmware request: directly, or through a device profile. */
const familyRef = { family: z.string().min(1).optional(), device: z.string().min(1).optional() };

/**
 * The bodies the admin API accepts, one schema per route that takes one: the server parses
 * requests with them and the OpenAPI document (admin-openapi.ts) is generated from them.
 */
export const adminBodies = {
  policy: z.strictObject({ value: z.union([z.string(), z.number(), z.boolean()]) }),
  publish: z.strictObject({ version: z.string().min(1), ...familyRef }),
  approve: z.strictObject({ version: z.string().min(1).optional(), ...familyRef }),
  rule: z.strictObject(familyRef),
  testDevice: z.strictObject({ type: z.enum(testDeviceTypes), identifier: z.string().min(1), name: z.string().min(1).max(64).optional() }),
  provisioning: z.strictObject({ version: z.string().min(1).nullable(), ...familyRef }),
  faults: z.strictObject({ download: z.enum(downloadFaults) }),
  keys: z.strictObject({ keys: z.array(consoleKeySchema).min(1).max(maxKeysPerFrame) }),
  clockAdvance: z.strictObject({ ms: z.int().min(1).max(maxClockJumpMs).describe('virtual ms to jump ahead, e.g. 900000 for 15 min') }),
  call: z.strictObject({ from: z.string().trim().min(1).max(64).regex(/^[^\s]+$/, 'a number or a UPN, e.g. +14255550123') }),
};
