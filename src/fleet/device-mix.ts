/** One model's share of a fleet, as `--devices polycom-vvx-601:50%,yealink-t48g:50%` gives it. */
export interface MixShare {
  readonly profileId: string;
  /** Percent of the fleet, 0-100. */
  readonly percent: number;
}

export class MixError extends Error {}

/**
 * Parses a device mix. Shares without a percent split what is left equally;
 * named shares must add up to 100 (or less, when some are left unnamed).
 */
export function parseDeviceMix(text: string, knownIds: ReadonlySet<string>): MixShare[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new MixError('--devices: give at least one device id, e.g. polycom-vvx-601:50%,yealink-t48g:50%');
  const parsed = entries.map((entry) => {
    const match = /^([a-z0-9-]+)(?::(\d+(?:\.\d+)?)%)?$/.exec(entry);
    if (!match) throw new MixError(`--devices: "${entry}" is not ID or ID:PERCENT% (e.g. yealink-t48g:30%)`);
    const profileId = match[1]!;
    if (!knownIds.has(profileId)) {
      throw new MixError(`--devices: "${profileId}" is not a device id (see phone-emu devices)`);
    }
    return { profileId, percent: match[2] === undefined ? undefined : Number(match[2]) };
  });
  const seen = new Set<string>();
  for (const { profileId } of parsed) {
    if (seen.has(profileId)) throw new MixError(`--devices: "${profileId}" is listed twice`);
    seen.add(profileId);
  }
  const named = parsed.reduce((sum, share) => sum + (share.percent ?? 0), 0);
  const unnamed = parsed.filter((share) => share.percent === undefined).length;
  if (named > 100.0001) throw new MixError(`--devices: the shares add up to ${named}%, more than 100%`);
  if (unnamed === 0 && Math.abs(named - 100) > 0.0001) throw new MixError(`--devices: the shares add up to ${named}%, not 100%`);
  const rest = unnamed === 0 ? 0 : (100 - named) / unnamed;
  return parsed.map((share) => ({ profileId: share.profileId, percent: share.percent ?? rest }));
}

/** Every model, in equal shares: the default fleet mixes all vendors. */
export function evenMix(profileIds: readonly string[]): MixShare[] {
  return profileIds.map((profileId) => ({ profileId, percent: 100 / profileIds.length }));
}

/** How many phones of each model make `count`, by largest remainder so the counts add up exactly. */
export function allocate(mix: readonly MixShare[], count: number): { profileId: string; count: number }[] {
  const exact = mix.map((share) => (share.percent / 100) * count);
  const counts = exact.map(Math.floor);
  let left = count - counts.reduce((sum, n) => sum + n, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    counts[index]! += 1;
    left -= 1;
  }
  return mix.map((share, index) => ({ profileId: share.profileId, count: counts[index]! }));
}
