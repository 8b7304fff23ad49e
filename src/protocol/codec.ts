import type { z } from 'zod';
import { protocolVersion, type ErrorCode, type FrameBody, type PhoneFrame, type ServerFrame } from './frames.js';
import { phoneFrameSchema, serverFrameSchema } from './frames.js';

/** Frames larger than this are refused before parsing; the WebSocket layer enforces it too. */
export const maxFrameBytes = 64 * 1024;

export type Decoded<F> = { readonly ok: true; readonly frame: F } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export function encodeFrame<F extends PhoneFrame | ServerFrame>(body: FrameBody<F>): string {
  return JSON.stringify({ v: protocolVersion, ...body });
}

export const decodePhoneFrame = (raw: string): Decoded<PhoneFrame> => decode(raw, phoneFrameSchema);
export const decodeServerFrame = (raw: string): Decoded<ServerFrame> => decode(raw, serverFrameSchema);

function decode<F>(raw: string, schema: z.ZodType<F>): Decoded<F> {
  if (raw.length > maxFrameBytes) return refuse('bad-frame', `frame of ${raw.length} bytes is over the ${maxFrameBytes}-byte limit`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return refuse('bad-frame', `not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('bad-frame', 'a frame is a JSON object');
  const { v, type } = value as { v?: unknown; type?: unknown };
  if (v !== protocolVersion) {
    return refuse('unsupported-version', `protocol version ${JSON.stringify(v ?? null)} is not supported (this server speaks v${protocolVersion})`);
  }
  if (typeof type !== 'string') return refuse('bad-frame', 'type: missing (a string such as "hello")');
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, frame: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'frame';
  return refuse('bad-frame', `${type}: ${field}: ${issue.message}`);
}

function refuse(code: ErrorCode, message: string): Decoded<never> {
  return { ok: false, code, message };
}
