import { describe, expect, it } from 'vitest';
import { decodePhoneFrame } from '../../src/protocol/codec.js';
import { sharedDecoder } from '../../src/protocol/shared-decode.js';

const status = '{"v":1,"type":"status","update":"downloading","warnings":[],"progress":0.3,"lock":"off","call":"idle","paired":false}';

describe('a shared decoder', () => {
  it('reads the same text as the plain decoder, once: the same frame again for the same status', () => {
    const decode = sharedDecoder(decodePhoneFrame, new Set(['status']));
    const first = decode(status);
    expect(first).toEqual(decodePhoneFrame(status));
    expect(decode(status)).toBe(first);
  });

  it('keeps no bad frame and no frame of another type: each is read again, with the same answer', () => {
    const decode = sharedDecoder(decodePhoneFrame, new Set(['status']));
    const bad = status.replace('"downloading"', '"sideways"');
    expect(decode(bad)).toEqual(decodePhoneFrame(bad));
    expect(decode(bad).ok).toBe(false);
    expect(decode(bad)).not.toBe(decode(bad));
    const check = '{"v":1,"type":"update.check","firmware":"5.8.0.13337"}';
    expect(decode(check)).toEqual(decodePhoneFrame(check));
    expect(decode(check)).not.toBe(decode(check));
  });
});
