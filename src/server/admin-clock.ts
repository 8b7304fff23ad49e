import { clockJumps, type ClockControl } from '../core/clock-control.js';
import { Conflict } from './domain-errors.js';

/**
 * `GET /admin/clock` and `POST /admin/clock/advance`: the embedded server of `phone-emu start`
 * runs on its phone's virtual clock, whose one owner (core/clock-control.ts) the TUI's keys jump
 * too; `phone-emu server` runs on real time and refuses to jump.
 */
export function clockView(control: ClockControl | undefined) {
  if (!control) return { virtual: false as const, nowMs: Date.now() };
  return {
    virtual: true as const,
    nowMs: control.wallNow(),
    speed: control.speed,
    running: control.attached,
    jumps: clockJumps.map(({ ms, label }) => ({ ms, label })),
  };
}

/** Jumps the virtual clock by `ms`, firing the phone's timers on the way, and answers where it stands. */
export async function advanceClock(control: ClockControl | undefined, ms: number) {
  if (!control) {
    throw new Conflict('this server runs on real time (phone-emu server): its clock cannot jump; the embedded server of phone-emu start runs on virtual time');
  }
  if (!control.attached) throw new Conflict('no phone runs on this clock yet: pick a device in the terminal first');
  await control.jump(ms, 'console');
  return clockView(control);
}
