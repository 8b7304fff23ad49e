import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * The PC cable between a phone and a PC in another process (`phone-emu pc`): the phone's process
 * writes its PC port key to a file only its user can read, and the PC reads it, as only a PC on the
 * phone's desk can plug into its PC port. A web page, or another user of the machine, cannot.
 */
export const pcPortsVariable = 'PHONE_EMU_PC_PORTS';

/** Where the keys are: $PHONE_EMU_PC_PORTS, else a folder of this user's in the system's temporary folder. */
export function pcPortsFolder(): string {
  const user = process.getuid?.() ?? userInfo().username;
  return process.env[pcPortsVariable] ?? join(tmpdir(), `phone-emu-${user}`, 'pc-ports');
}

const fileOf = (mac: string) => join(pcPortsFolder(), `${mac.toLowerCase().replace(/[^0-9a-z]/g, '-')}.key`);

/** Writes the phone's key; `close` removes it unless another process with the same MAC wrote its own since. */
export function publishPcPort(mac: string, key: string): { readonly file: string; close(): void } {
  const file = fileOf(mac);
  mkdirSync(pcPortsFolder(), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return {
    file,
    close: () => {
      if (readPcPort(mac) === key) rmSync(file, { force: true });
    },
  };
}

/** The key a phone process on this machine published for this MAC, if any. */
export function readPcPort(mac: string): string | undefined {
  try {
    return readFileSync(fileOf(mac), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
