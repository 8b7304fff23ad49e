import type { z } from 'zod';
import { protocolVersion, type ErrorCode, type FrameBody, type PhoneFrame, type ServerFrame } from './frames.js';
import { phoneFrameSchema, serverFrameSchema } from './frames.js';
import { describeValue, parseBoundedJson } from './safe-decode.js';

/** Frames larger than this are refused before parsing; the WebSocket layer enforces it too. */
export const maxFrameBytes = 64 * 1024;

export type Decoded<F> = { readonly ok: true; readonly frame: F } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export function encodeFrame<F extends PhoneFrame | ServerFrame>(body: FrameBody<F>): string {
  return JSON.stringify({ v: protocolVersion, ...body });
}

export const decodePhoneFrame = (raw: string): Decoded<PhoneFrame> => decode(raw, phoneFrameSchema);
export const decodeServerFrame = (raw: string): Decoded<ServerFrame> => decode(raw, serverFrameSchema);

/** Never throws: the size and depth are checked before parsing, and nothing walks the value before the schema has. */
function decode<F>(raw: string, schema: z.ZodType<F>): Decoded<F> {
  if (raw.length > maxFrameBytes) return refuse('bad-frame', `frame of ${raw.length} bytes is over the ${maxFrameBytes}-byte limit`);
  const parsed = parseBoundedJson(raw, maxFrameBytes);
  if (!parsed.ok) return refuse('bad-frame', parsed.message.startsWith('not JSON') ? parsed.message : `frame ${parsed.message}`);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('bad-frame', 'a frame is a JSON object');
  const { v, type } = value as { v?: unknown; type?: unknown };
  if (v !== protocolVersion) {
    return refuse('unsupported-version', `protocol version ${describeValue(v)} is not supported (this server speaks v${protocolVersion})`);
  }
  if (typeof type !== 'string') return refuse('bad-frame', 'type: missing (a string such as "hello")');
  let result: ReturnType<typeof schema.safeParse>;
  try {
    result = schema.safeParse(value);
  } catch (error) {
    return refuse('bad-frame', `${describeValue(type)}: ${error instanceof Error ? error.message : 'cannot be read'}`);
  }
  if (result.success) return { ok: true, frame: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'frame';
  return refuse('bad-frame', `${type}: ${field}: ${issue.message}`);
}

function refuse(code: ErrorCode, message: string): Decoded<never> {
  return { ok: false, code, message };
}
