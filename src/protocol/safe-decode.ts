/**
 * JSON from a socket or an HTTP body, read defensively: the size and the nesting depth are
 * checked on the raw text before JSON.parse builds anything, so a frame such as
 * `{"v":[[[[...5000 deep...]]]]}` is refused instead of overflowing the stack of whatever
 * walks it next (a schema, JSON.stringify in an error message).
 */

/** Deeper than any frame or admin body of the protocol (a welcome is 4 levels deep). */
export const maxJsonDepth = 16;

export type SafeJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Parses `text` as JSON when it is at most `maxBytes` characters and `maxDepth` levels deep. */
export function parseBoundedJson(text: string, maxBytes: number, maxDepth = maxJsonDepth): SafeJson {
  if (text.length > maxBytes) return { ok: false, message: `${text.length} bytes is over the ${maxBytes}-byte limit` };
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) return { ok: false, message: `nested deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The deepest nesting of [ and { outside strings, counted up to one past `stopAbove`. */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** A value from untrusted input, described for an error message without walking it. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
