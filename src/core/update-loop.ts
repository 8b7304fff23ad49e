import type { InstalledBuild, ProvisioningTarget, Warning } from './phone-types.js';

/** Installs back and forth between two builds, pushed by two authorities, before the emulator calls it a loop. */
export const updateLoopFlips = 3;

export const updateLoopWarningId = 'updateLoop';

/**
 * The warning for an update loop (domain-facts.md 3.1: "use a single update authority"):
 * the last `updateLoopFlips` installs alternate between two builds and two authorities.
 */
export function updateLoopWarning(history: readonly InstalledBuild[], provisioning: ProvisioningTarget | null): Warning | null {
  const recent = history.slice(-updateLoopFlips);
  if (recent.length < updateLoopFlips) return null;
  const alternates = recent.every(
    (install, index) =>
      index === 0 ||
      (install.authority !== recent[index - 1]!.authority &&
        install.version !== recent[index - 1]!.version &&
        (index < 2 || install.version === recent[index - 2]!.version)),
  );
  if (!alternates) return null;
  const wants = (authority: InstalledBuild['authority']) => recent.find((install) => install.authority === authority)!.version;
  return {
    id: updateLoopWarningId,
    message: {
      key: 'warning.updateLoop',
      params: { inBand: wants('inBand'), provisioning: wants('provisioning'), server: provisioning?.server ?? '?', flips: recent.length },
    },
  };
}
