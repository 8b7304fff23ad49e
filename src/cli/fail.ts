import { DataError } from '../profiles/data-error.js';
import { StateFileError } from '../state/state-file.js';

export const programName = 'phone-emu';

/** A problem the user can fix: printed as one message, no stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Prints an error the way every command does ("phone-emu: ...") and sets the exit code. */
export function reportError(error: unknown): void {
  if (error instanceof DataError) {
    const what = error instanceof StateFileError ? 'the state file cannot be restored' : `the data files have ${error.problems.length} problem(s)`;
    console.error(`${programName}: ${what}; nothing was started:`);
    for (const line of error.message.split('\n')) console.error(`  ${line}`);
    process.exitCode = 1;
    return;
  }
  if (error instanceof UsageError) {
    console.error(`${programName}: ${error.message}`);
    process.exitCode = error.exitCode;
    return;
  }
  console.error(`${programName}: ${(error as Error).message ?? String(error)}`);
  process.exitCode = 1;
}
