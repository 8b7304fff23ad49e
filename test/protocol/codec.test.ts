import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePhoneFrame, decodeServerFrame, encodeFrame, maxFrameBytes } from '../../src/protocol/codec.js';
import type { PhoneFrame } from '../../src/protocol/frames.js';

const hello = { v: 1, type: 'hello', device: { model: 'polycom-vvx-601', mac: '00:04:F2:00:00:01', serial: '0004F2000001', firmware: '5.8.0.13337' } };

describe('the frame codec', () => {
  it('round-trips a frame, adding the protocol version', () => {
    const text = encodeFrame<PhoneFrame>({ type: 'update.check', firmware: '5.8.0.13337' });
    expect(JSON.parse(text)).toEqual({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    expect(decodePhoneFrame(text)).toEqual({ ok: true, frame: { v: 1, type: 'update.check', firmware: '5.8.0.13337' } });
  });

  it.each([
    ['not JSON', '{"v":1,', /^not JSON/],
    ['an array', '[1,2]', /a frame is a JSON object/],
    ['no type', '{"v":1}', /type: missing/],
    ['an unknown type', '{"v":1,"type":"reboot"}', /^reboot: type: /],
    ['a missing field', '{"v":1,"type":"update.check"}', /^update\.check: firmware: /],
    ['a field of the wrong type', JSON.stringify({ ...hello, device: { ...hello.device, firmware: 5 } }), /^hello: device\.firmware: /],
    ['an unexpected field', JSON.stringify({ ...hello, extra: true }), /^hello: frame: .*extra/],
  ])('refuses %s with a message naming what is wrong', (_name, raw, message) => {
    const decoded = decodePhoneFrame(raw);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.code).toBe('bad-frame');
      expect(decoded.message).toMatch(message);
    }
  });

  it('refuses another protocol version with its own code', () => {
    expect(decodePhoneFrame(JSON.stringify({ ...hello, v: 2 }))).toMatchObject({ ok: false, code: 'unsupported-version' });
  });

  it('refuses a frame over the size limit before parsing it', () => {
    const huge = JSON.stringify({ ...hello, padding: 'x'.repeat(maxFrameBytes) });
    expect(decodePhoneFrame(huge)).toMatchObject({ ok: false, message: expect.stringMatching(/over the 65536-byte limit/) });
  });

  it('never throws, whatever text arrives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((value) => JSON.stringify({ v: 1, type: 'hello', device: value }))), (raw) => {
        const phone = decodePhoneFrame(raw);
        const server = decodeServerFrame(raw);
        for (const decoded of [phone, server]) if (!decoded.ok) expect(decoded.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});
