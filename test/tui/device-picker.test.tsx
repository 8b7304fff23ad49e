import fc from 'fast-check';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { DevicePicker, typedRow } from '../../src/tui/DevicePicker.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
const rows = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `model-${index + 1}`, label: `Model ${index + 1}`, detail: '' }));

describe('picking a phone by its number', () => {
  it('picks the 14th of 22 rows when 1 then 4 are typed (it picked the first row at "1")', async () => {
    const picked: string[] = [];
    const { stdin } = render(<DevicePicker items={rows(22)} serverUrl="ws://x" onPick={(id) => picked.push(id)} />);
    await tick();
    stdin.write('14');
    await tick();
    expect(picked).toEqual(['model-14']);
  });

  it('picks once: an Enter typed after a number that picked (14 then Enter, one chunk or two) does not pick the row under the cursor too', async () => {
    for (const chunks of [['14\r'], ['14', '\r']]) {
      const picked: string[] = [];
      const { stdin } = render(<DevicePicker items={rows(22)} serverUrl="ws://x" onPick={(id) => picked.push(id)} />);
      await tick();
      for (const chunk of chunks) {
        stdin.write(chunk);
        await tick();
      }
      expect(picked, JSON.stringify(chunks)).toEqual(['model-14']);
    }
  });

  it('waits for Enter after a number that a longer one starts with, the cursor on its row', async () => {
    const picked: string[] = [];
    const { stdin, lastFrame } = render(<DevicePicker items={rows(22)} serverUrl="ws://x" onPick={(id) => picked.push(id)} />);
    await tick();
    stdin.write('2');
    await tick();
    expect(picked).toEqual([]);
    stdin.write('\r');
    await tick();
    expect(picked).toEqual(['model-2']);
    expect(lastFrame()).toContain('type its number');
  });

  it('still picks at once in a list of fewer than ten', async () => {
    const picked: string[] = [];
    const { stdin } = render(<DevicePicker items={rows(5)} serverUrl="ws://x" onPick={(id) => picked.push(id)} />);
    await tick();
    stdin.write('3');
    await tick();
    expect(picked).toEqual(['model-3']);
  });

  it('any digits typed name a row of the list or nothing, and a unique one is never the start of a longer row number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.array(fc.constantFrom(...'0123456789'), { maxLength: 6 }), (count, digits) => {
        let typed = '';
        for (const digit of digits) {
          const result = typedRow(typed, digit, count);
          if (result === null) {
            typed = '';
            continue;
          }
          expect(result.row).toBeGreaterThanOrEqual(1);
          expect(result.row).toBeLessThanOrEqual(count);
          expect(String(result.row)).toBe(result.typed);
          if (result.unique) expect(result.row * 10).toBeGreaterThan(count);
          typed = result.unique ? '' : result.typed;
        }
      }),
    );
  });
});
