/**
 * Scenario durations: a number and a unit, largest unit first, each unit at most once:
 * `30s`, `15m`, `2h`, `3d`, `1h30m`, `1d2h3m4s`.
 */
const units = [
  ['d', 24 * 60 * 60_000],
  ['h', 60 * 60_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

const durationPattern = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export const durationHint = 'a number and a unit (s, m, h, d), largest first: 30s, 15m, 2h, 3d, 1h30m';

/** Milliseconds, or an error message naming what is wrong. */
export function parseDuration(text: string): number | string {
  const match = durationPattern.exec(text.trim());
  if (!match || text.trim() === '') return `"${text}" is not a duration: use ${durationHint}`;
  const ms = units.reduce((sum, [, unitMs], index) => sum + Number(match[index + 1] ?? 0) * unitMs, 0);
  if (!Number.isSafeInteger(ms)) return `"${text}" is too long a duration`;
  return ms;
}

/** The inverse of parseDuration: `1h30m`, `0s` for nothing; sub-second rest is dropped. */
export function formatDuration(ms: number): string {
  let rest = Math.floor(ms / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, unitMs] of units) {
    const count = Math.floor(rest / unitMs);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * unitMs;
  }
  return parts.join('') || '0s';
}

/** Virtual time as a clock reading since the scenario started: `00:10:08`, `1d 02:00:00`. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor((totalSeconds % 86_400) / 3600))}:${pad(Math.floor((totalSeconds % 3600) / 60))}:${pad(totalSeconds % 60)}`;
  return days > 0 ? `${days}d ${hms}` : hms;
}
