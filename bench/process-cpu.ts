import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat's times: 100 on every Linux this runs on. */
const ticksPerSecond = 100;

/** CPU milliseconds (user and system) a process has used so far; null off Linux. */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // The command name, in parentheses, may hold spaces: the fields are counted after it.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}
