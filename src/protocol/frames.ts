import { z } from 'zod';
import { protocolVersion } from './version.js';
import { identityPhoneFrames, identityServerFrames, pcFrames, pcServerFrames, tenantInfo } from './identity-frames.js';

/**
 * The phone <-> update server protocol: JSON text frames over WebSocket, each with
 * the protocol version `v` and a `type`. docs/protocol.md describes every frame.
 */
export { protocolVersion };

const header = { v: z.literal(protocolVersion) };
const version = z.string().min(1).max(64);

const offer = z.strictObject({
  version,
  url: z.string().min(1).max(2048),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.int().positive(),
});

export const phoneFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...header,
    type: z.literal('hello'),
    device: z.strictObject({
      model: z.string().min(1).max(64),
      mac: z.string().min(1).max(32),
      serial: z.string().min(1).max(64),
      firmware: version,
    }),
  }),
  z.strictObject({ ...header, type: z.literal('update.check'), firmware: version }),
  z.strictObject({
    ...header,
    type: z.literal('update.result'),
    version,
    outcome: z.enum(['installed', 'failed']),
    previous: version.optional(),
    reason: z.string().max(500).optional(),
  }),
  ...identityPhoneFrames,
  ...pcFrames,
]);

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...header,
    type: z.literal('welcome'),
    server: z.string(),
    settings: z.strictObject({
      checkIntervalMs: z.int().positive(),
      updateInactivityMs: z.int().positive(),
      downloadBytesPerSecond: z.int().positive(),
    }),
    tenant: tenantInfo.optional(),
  }),
  z.strictObject({ ...header, type: z.literal('update.offer'), offer }),
  z.strictObject({ ...header, type: z.literal('update.none'), reason: z.string() }),
  z.strictObject({
    ...header,
    type: z.literal('error'),
    code: z.enum(['bad-frame', 'unsupported-version', 'unknown-device', 'not-ready', 'unknown-phone']),
    message: z.string(),
  }),
  ...identityServerFrames,
  ...pcServerFrames,
]);

export type PhoneFrame = z.infer<typeof phoneFrameSchema>;
export type ServerFrame = z.infer<typeof serverFrameSchema>;
export type ErrorCode = Extract<ServerFrame, { type: 'error' }>['code'];

/** A frame without its header, as code writes it; `encodeFrame` adds `v`. */
export type FrameBody<F> = F extends unknown ? Omit<F, 'v'> : never;
