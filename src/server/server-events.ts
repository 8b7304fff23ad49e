import type { DeviceRecord } from './store.js';

/** The name the server gives in `welcome` and on its front page. */
export const serverName = 'phone-emu';

/** What the server tells whoever runs it (the CLI's console, tests, the fleet's figures). */
export interface ServerEvents {
  frame: [direction: 'in' | 'out', connection: number, frame: string];
  device: [record: DeviceRecord];
  refused: [connection: number, message: string];
  /** Something went wrong that the server survives (its state file could not be written). */
  problem: [message: string];
}
