import { CommanderError, type Command } from 'commander';
import type { DataError } from '../profiles/data-error.js';

export const programName = 'phone-emu';

/** A problem the user can fix: printed as one message, no stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * By name, not instanceof: the terminal UI runs in its own bundle (dist/bundle/tui.js), with its
 * own copies of these classes, and its errors reach this reporter (src/cli/launch.ts).
 */
function named<T extends Error>(error: unknown, ...names: readonly string[]): error is T {
  return error instanceof Error && names.includes(error.name);
}

/**
 * Commander's own messages ("error: unknown option") in the same form as ours: one
 * `phone-emu:` line that says where the usage is, on `command` and every subcommand.
 */
export function prefixCommanderMessages(command: Command, path: readonly string[] = [programName]): void {
  const help = [...path, '--help'].join(' ');
  command.configureOutput({
    outputError: (message, write) => write(`${programName}: ${message.trim().replace(/^error: /, '')} (see ${help})\n`),
  });
  for (const sub of command.commands) prefixCommanderMessages(sub, [...path, sub.name()]);
}

/**
 * The one place errors become what the user sees: a `phone-emu:` message and an exit
 * code (2 usage, 1 data or runtime), never a stack trace.
 */
export function reportError(error: unknown): void {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help / version) already.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  if (named<DataError>(error, 'DataError', 'StateFileError')) {
    const what = error.name === 'StateFileError' ? 'the state file cannot be restored' : `the data files have ${error.problems.length} problem(s)`;
    console.error(`${programName}: ${what}; nothing was started:`);
    for (const line of error.message.split('\n')) console.error(`  ${line}`);
    process.exitCode = 1;
    return;
  }
  if (named<UsageError>(error, 'UsageError')) {
    console.error(`${programName}: ${error.message}`);
    process.exitCode = error.exitCode;
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${programName}: ${systemErrorHint(error) ?? message}`);
  process.exitCode = 1;
}

/** Reports what escaped every command (a socket's late error, a rejected promise) and ends the process. */
export function reportUncaught(error: unknown): void {
  reportError(error);
  process.exit(process.exitCode ?? 1);
}

/** Node's system errors (EADDRINUSE...) in words that say what to change; undefined for other errors. */
function systemErrorHint(error: unknown): string | undefined {
  const { code, port, address } = (error ?? {}) as { code?: unknown; port?: unknown; address?: unknown };
  const where = address === undefined ? '' : ` on ${String(address)}`;
  switch (code) {
    case 'EADDRINUSE':
      return `--port: port ${String(port)} is in use${where}; pick another with --port N, or --port 0 to pick a free one (its URL is printed)`;
    case 'EADDRNOTAVAIL':
      return `--host: ${String(address)} is not an address of this machine; keep 127.0.0.1, or give one of this machine's addresses (0.0.0.0 for all)`;
    case 'EACCES':
      return `--port: port ${String(port)} needs privileges this user does not have; use a port above 1023, or --port 0 to pick a free one`;
    case 'ENOTFOUND':
      return `--host: ${String((error as { hostname?: unknown }).hostname ?? address)} is not a name this machine can resolve; give an IP address such as 127.0.0.1`;
    default:
      return undefined;
  }
}
