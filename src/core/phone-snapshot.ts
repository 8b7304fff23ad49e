import type { SnapshotFrom } from 'xstate';
import type { PhoneMachine } from './phone-machine.js';

/** A snapshot of the phone's chart: what the screen and every reader outside the machine derive from. */
export type PhoneSnapshot = SnapshotFrom<PhoneMachine>;
