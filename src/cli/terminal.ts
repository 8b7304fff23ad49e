import { UsageError } from './fail.js';

/** The phone UI reads keys in raw mode, which needs a terminal; headless work has other commands. */
export function requireTerminal(command: string): void {
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `${command} draws an interactive phone and needs a terminal (stdin is not a TTY); ` +
        'for headless use run `phone-emu server` and connect phones from your own tools',
    );
  }
}
