import type { Decoded } from './codec.js';

/** Frames kept at most, and the longest text kept: a fleet repeats a few short frames. */
const maxFrames = 256;
const maxChars = 4_096;

/**
 * A decoder that parses and checks a text once and hands the same frame for the same text
 * again: a fleet's phones send the very same status, check and result, and are sent the same
 * welcome, offer and answer. Only frames of the `shareable` types are kept, and only good ones;
 * whoever takes a frame treats it as immutable (events and records copy, never change, a frame).
 */
export function sharedDecoder<F extends { readonly type: string }>(
  decode: (text: string) => Decoded<F>,
  shareable: ReadonlySet<string>,
): (text: string) => Decoded<F> {
  const known = new Map<string, Decoded<F>>();
  return (text) => {
    const seen = known.get(text);
    if (seen !== undefined) return seen;
    const decoded = decode(text);
    if (decoded.ok && text.length <= maxChars && shareable.has(decoded.frame.type)) {
      if (known.size >= maxFrames) known.clear();
      known.set(text, decoded);
    }
    return decoded;
  };
}
