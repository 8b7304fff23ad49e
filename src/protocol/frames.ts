import { z } from 'zod';
import { isMessageKey, type Message } from '../core/messages/index.js';
import { phonePolicySchema } from '../core/policies.js';
import { consolePhoneFrames, consoleServerFrames, statusExtras } from './console-frames.js';
import { identityPhoneFrames, identityServerFrames, pcFrames, pcServerFrames, tenantInfo } from './identity-frames.js';
import { protocolVersion } from './version.js';

/**
 * The phone <-> update server protocol: JSON text frames over WebSocket, each with
 * the protocol version `v` and a `type`. docs/protocol.md describes every frame.
 */
export { protocolVersion };

const header = { v: z.literal(protocolVersion) };
const version = z.string().min(1).max(64);

export const offerSchema = z.strictObject({
  version,
  url: z.string().min(1).max(2048),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.int().positive(),
});

/** The effective policy, checked by the policy table's own schema (src/core/policies.ts). */
export const policySchema = phonePolicySchema;

/** A message parameter is a short value (a version, a count, a server name): a report cannot carry a novel. */
export const maxMessageParamChars = 256;
const maxMessageParams = 16;

export const messageSchema = z.strictObject({
  key: z.string().refine(isMessageKey, 'a message key of src/core/messages'),
  params: z
    .record(z.string().max(64), z.union([z.string().max(maxMessageParamChars), z.number()]))
    .refine((params) => Object.keys(params).length <= maxMessageParams, `at most ${maxMessageParams} parameters`)
    .optional(),
}) as unknown as z.ZodType<Message>;

export const serverSettingsSchema = z.strictObject({
  checkIntervalMs: z.int().positive(),
  updateInactivityMs: z.int().positive(),
  downloadBytesPerSecond: z.int().positive(),
});

/** When to ask again, chosen by the server: its check interval plus jitter. */
const nextCheckMs = z.int().positive();

/**
 * A provisioning server's address, as DHCP option 66/160 gives it: the mock server names its own
 * stand-in (`http://HOST:PORT/provisioning/`) while it serves files for the phone's family.
 */
const provisioningServer = z.string().min(1).max(2048);

/** `duplicate-mac`: a hello for a MAC another live connection holds; `not-cabled`: a pc.hello without that phone's PC port key. */
export const errorCodes = ['bad-frame', 'unsupported-version', 'unknown-device', 'not-ready', 'unknown-phone', 'duplicate-mac', 'not-cabled'] as const;

export const updateStates = ['idle', 'checking', 'offered', 'downloading'] as const;
export type UpdateState = (typeof updateStates)[number];

/** What a phone says about itself in hello; the server's device records (server/records.ts) keep these fields under the same rules. */
export const helloDeviceSchema = z.strictObject({
  model: z.string().min(1).max(64),
  mac: z.string().min(1).max(32),
  serial: z.string().min(1).max(64),
  firmware: version,
});
export const maxWarnings = 32;
export const maxUserChars = 256;
export const maxReasonChars = 500;

export const phoneFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...header,
    type: z.literal('hello'),
    device: helloDeviceSchema,
    /** The key of the phone's PC port: a PC that gives it in `pc.hello` is the one cabled to this phone. */
    pcPort: z.string().min(16).max(128).optional(),
  }),
  z.strictObject({ ...header, type: z.literal('update.check'), firmware: version }),
  z.strictObject({
    ...header,
    type: z.literal('update.result'),
    version,
    outcome: z.enum(['installed', 'failed']),
    previous: version.optional(),
    reason: z.string().max(maxReasonChars).optional(),
  }),
  z.strictObject({
    ...header,
    type: z.literal('status'),
    update: z.enum(updateStates),
    warnings: z.array(z.strictObject({ id: z.string().min(1).max(64), message: messageSchema })).max(maxWarnings),
    user: z.string().min(1).max(maxUserChars).optional(),
    ...statusExtras,
  }),
  ...identityPhoneFrames,
  ...consolePhoneFrames,
  ...pcFrames,
]);

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...header,
    type: z.literal('welcome'),
    server: z.string(),
    settings: serverSettingsSchema,
    policy: policySchema,
    /** The provisioning server the network names (DHCP option 66/160): the stand-in's, while it serves this phone's family. */
    provisioningServer: provisioningServer.optional(),
    /** The tenant's deployment and emergency numbers. */
    tenant: tenantInfo.optional(),
  }),
  z.strictObject({ ...header, type: z.literal('update.offer'), offer: offerSchema, nextCheckMs }),
  z.strictObject({ ...header, type: z.literal('update.none'), reason: z.string(), nextCheckMs }),
  z.strictObject({ ...header, type: z.literal('policy.changed'), policy: policySchema }),
  /** The network's provisioning server changed (a DHCP renewal): the phone reads it again; null, the network names none. */
  z.strictObject({ ...header, type: z.literal('network.options'), provisioningServer: provisioningServer.nullable() }),
  z.strictObject({
    ...header,
    type: z.literal('error'),
    code: z.enum(errorCodes),
    message: z.string(),
  }),
  ...identityServerFrames,
  ...pcServerFrames,
  ...consoleServerFrames,
]);

export type PhoneFrame = z.infer<typeof phoneFrameSchema>;
export type ServerFrame = z.infer<typeof serverFrameSchema>;
export type ErrorCode = Extract<ServerFrame, { type: 'error' }>['code'];

/** A frame without its header, as code writes it; `encodeFrame` adds `v`. */
export type FrameBody<F> = F extends unknown ? Omit<F, 'v'> : never;
