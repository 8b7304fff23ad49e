import type { DeviceRecord } from './store.js';

/** The name the server gives in `welcome` and on its front page. */
export const serverName = 'phone-emu';

/** What the server tells whoever runs it (the CLI's console, tests, the fleet's figures). */
export interface ServerEvents {
  frame: [direction: 'in' | 'out', connection: number, frame: string];
  device: [record: DeviceRecord];
  refused: [connection: number, message: string];
  /** A phone (or anyone) asked the provisioning stand-in for a file: its path and the status answered (404: the stand-in has no such file). */
  provisioningFile: [path: string, status: 200 | 404];
  /** Something went wrong that the server survives (its state file could not be written). */
  problem: [message: string];
}
