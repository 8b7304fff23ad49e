import type { DeviceRecord } from '../../server/store.js';
import { printable } from '../printable.js';

/** Device lines printed in full per second; past it, the rest of the second is summed up in one line. */
export const deviceLinesPerSecond = 20;

/**
 * The server console's device lines: one per change a user would notice (a phone connects,
 * downloads, installs, leaves) while a few phones talk, and one summary line a second when a
 * fleet does, so 20,000 phones print a few hundred lines, not 200,000, and formatting does not
 * cost the server its CPU. A repeated report prints nothing; a phone that leaves is forgotten.
 */
export class DeviceLog {
  /** The last line per connected phone, unescaped: a repeated report prints nothing. */
  readonly #lastLine = new Map<string, string>();
  #printedThisSecond = 0;
  /** Changes left out this second, by what the phone is doing. */
  readonly #heldBack = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly print: (line: string) => void,
    private readonly perSecond = deviceLinesPerSecond,
  ) {
    this.#timer = setInterval(() => this.#endSecond(), 1000);
    this.#timer.unref();
  }

  add(device: DeviceRecord): void {
    const state = device.connected ? device.update : 'disconnected';
    const warnings = device.warnings.length > 0 ? `; WARNING ${device.warnings.join(' | ')}` : '';
    const user = device.user ? `, ${device.user} signed in` : '';
    const line = `device ${device.model} ${device.mac} on ${device.firmware}: ${state}${user}${warnings}`;
    const repeated = this.#lastLine.get(device.mac) === line;
    if (device.connected) this.#lastLine.set(device.mac, line);
    else this.#lastLine.delete(device.mac);
    if (repeated) return;
    if (this.#printedThisSecond < this.perSecond) {
      this.#printedThisSecond += 1;
      return this.print(printable(line));
    }
    this.#heldBack.set(state, (this.#heldBack.get(state) ?? 0) + 1);
  }

  /** Prints what this second held back, if anything: the line a fleet's console mostly shows. */
  flush(): void {
    if (this.#heldBack.size === 0) return;
    const total = [...this.#heldBack.values()].reduce((sum, count) => sum + count, 0);
    const states = [...this.#heldBack].sort((a, b) => b[1] - a[1]).map(([state, count]) => `${count.toLocaleString('en-US')} ${state}`);
    this.#heldBack.clear();
    this.print(printable(`... and ${total.toLocaleString('en-US')} more device change(s): ${states.join(', ')}; ${this.#lastLine.size.toLocaleString('en-US')} phone(s) connected (phone-emu devices lists them)`));
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }

  #endSecond(): void {
    this.flush();
    this.#printedThisSecond = 0;
  }
}
