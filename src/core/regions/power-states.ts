import { and, assign, emit, enqueueActions, setup } from 'xstate';
import { phoneUnprotectedWarningId } from '../identity/lock-pin-entry.js';
import { powerOnSession } from '../initial-context.js';
import { phoneTypes, type RegionActions, type RegionDelays, type RegionGuards } from '../phone-setup.js';
import type { InstalledBuild, PhoneContext } from '../phone-types.js';
import { firmwareTraits } from '../quirks.js';
import { updateLoopWarning } from '../update-loop.js';

/** Why the verified image cannot run on this phone (its header names another family or version), if it cannot. */
function imageProblem(context: PhoneContext): string | undefined {
  const image = context.update.download?.image;
  if (!image) return undefined;
  if (image.family !== context.profile.firmwareFamily || image.version !== context.update.offer?.version) {
    return `the image is ${image.family} ${image.version}, not ${context.profile.firmwareFamily} ${context.update.offer?.version ?? ''}`;
  }
  return undefined;
}

/** Enough installs to see a loop, and no more: the history lives as long as the phone is powered. */
const installHistoryLength = 8;

/** The phone's power cycle around the running regions: boot, install, roll back, reboot. */
export const powerActions = {
  emitBooted: emit(({ context }) => ({ type: 'phone.booted' as const, firmware: context.firmware })),
  noticeRollback: enqueueActions(({ context, enqueue }) => {
    if (!context.update.rolledBack) return;
    const params = { version: context.update.rolledBack.version, firmware: context.firmware };
    enqueue.raise({ type: 'notice.show' as const, notice: { key: 'notice.rolledBack' as const, params } });
  }),
  emitShuttingDown: emit({ type: 'phone.shuttingDown' as const }),
  applyFirmware: assign(({ context }) => {
    const { update } = context;
    const version = update.offer?.version ?? context.firmware;
    const installHistory: InstalledBuild[] = [...update.installHistory, { version, authority: update.offerFrom }].slice(-installHistoryLength);
    const loop = updateLoopWarning(installHistory, update.provisioning);
    return {
      firmware: version,
      traits: firmwareTraits(context.profile, version),
      update: {
        ...update,
        previousFirmware: context.firmware,
        justInstalled: { from: context.firmware, to: version },
        installHistory,
        offer: null,
        download: null,
        onDemand: false,
      },
      warnings: loop ? [...context.warnings.filter((warning) => warning.id !== loop.id), loop] : context.warnings,
    };
  }),
  // The new image did not start: the phone boots the build it kept for rollback.
  recordRollback: assign(({ context }) => ({
    update: {
      ...context.update,
      rolledBack: { version: context.update.offer?.version ?? '', reason: imageProblem(context) ?? 'the new image did not start' },
      offer: null,
      download: null,
      onDemand: false,
    },
  })),
  resetSession: assign(powerOnSession),
  dropDeviceLockPin: assign({
    deviceLockPin: null,
    warnings: ({ context }) => [
      ...context.warnings.filter((warning) => warning.id !== phoneUnprotectedWarningId),
      {
        id: phoneUnprotectedWarningId,
        message: { key: 'warning.phoneUnprotected' as const, params: { version: context.update.offer?.version ?? '' } },
      },
    ],
  }),
} satisfies RegionActions;

export const powerGuards = {
  upgradeDropsDeviceLock: ({ context }) =>
    context.deviceLockPin !== null &&
    context.traits.deviceLock &&
    !firmwareTraits(context.profile, context.update.offer?.version ?? context.firmware).deviceLock,
  imageFitsPhone: ({ context }) => imageProblem(context) === undefined,
} satisfies RegionGuards;

export const powerDelays = {
  bootDuration: ({ context }) => context.profile.timings.bootMs,
  installDuration: ({ context }) => context.profile.timings.installMs,
  rebootDuration: ({ context }) => context.profile.timings.rebootMs,
} satisfies RegionDelays;

const powerSetup = setup({ types: phoneTypes, actions: powerActions, guards: powerGuards, delays: powerDelays });

export const booting = powerSetup.createStateConfig({
  entry: 'resetSession',
  after: { bootDuration: 'running' },
});

/** What `running` does as the phone comes up and goes down; its regions are composed in phone-machine.ts. */
export const runningEdges = powerSetup.createStateConfig({
  entry: ['emitBooted', 'noticeRollback'],
  exit: 'emitShuttingDown',
});

export const installing = powerSetup.createStateConfig({
  after: {
    installDuration: [
      // Polycom 5.4 -> 5.5.1: Phone-Lock replaces Device-Lock and its PIN is not carried over.
      { guard: and(['imageFitsPhone', 'upgradeDropsDeviceLock']), target: 'rebooting', actions: 'dropDeviceLockPin' },
      { guard: 'imageFitsPhone', target: 'rebooting' },
      { target: 'rollingBack', actions: 'recordRollback' },
    ],
  },
});

export const rollingBack = powerSetup.createStateConfig({
  after: { rebootDuration: 'booting' },
});

export const rebooting = powerSetup.createStateConfig({
  entry: 'applyFirmware',
  after: { rebootDuration: 'booting' },
});
