/** A step that did not hold: what was expected and what the phone did instead. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

/**
 * A step or key the format defines but this build of the emulator cannot carry out yet:
 * the scenario fails with this message, it never passes by doing nothing.
 */
export class NotSupported extends Error {
  constructor(readonly what: string) {
    super(`not supported yet: ${what}`);
    this.name = 'NotSupported';
  }
}
