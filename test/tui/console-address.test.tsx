import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ClockBar } from '../../src/tui/ClockBar.js';
import { DevicePicker } from '../../src/tui/DevicePicker.js';

/** npm start shows where the server's web console is, in the picker and beside the phone. */
describe("the web console's address in the terminal", () => {
  it('is in the device picker, under the update server', async () => {
    const items = [{ id: 'polycom-vvx-601', label: 'Polycom VVX 601', detail: 'newest 6.1.0.6189' }];
    const { lastFrame, unmount } = render(<DevicePicker items={items} serverUrl="ws://127.0.0.1:4321/" consoleUrl="http://127.0.0.1:4321/console" onPick={() => {}} />);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lastFrame()).toMatch(/update server: ws:\/\/127\.0\.0\.1:4321\/ +│\n│ web console: http:\/\/127\.0\.0\.1:4321\/console/);
    unmount();
  });

  it('is in the clock bar above the phone', async () => {
    const { lastFrame, unmount } = render(<ClockBar now={0} consoleUrl="http://127.0.0.1:4321/console" />);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lastFrame()).toMatch(/web console http:\/\/127\.0\.0\.1:4321\/console/);
    unmount();
  });
});
