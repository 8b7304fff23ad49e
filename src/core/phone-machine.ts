import { and, assign, emit, enqueueActions, not, raise } from 'xstate';
import type { KeyName } from './device-profile.js';
import { callRegion } from './identity/call-region.js';
import { lockRegion, phoneUnprotectedWarningId } from './identity/lock-region.js';
import { pairingRegion, pairingSetup } from './identity/pairing-region.js';
import { signInRegion } from './identity/sign-in-region.js';
import { atFloor, closeItem, enterAt, itemsAt, menuRoot, moveCursor, openItem } from './menu.js';
import { initialContext, powerOnSession } from './initial-context.js';
import { noticeDescribes, type NoticeSubject } from './notice-subjects.js';
import type { PhonePolicy } from './policies.js';
import { pressed, softkey } from './phone-setup.js';
import { firmwareTraits } from './quirks.js';
import { offersPopUp } from './update-prompt.js';
import { updateLoopWarning, updateLoopWarningId } from './update-loop.js';
import type { InstalledBuild, PhoneContext, PhoneEvent } from './phone-types.js';

export { offersPopUp, popUpSetting } from './update-prompt.js';

const downloadTickMs = 1_000;
const replyTimeoutMs = 30_000;
const verifyTimeoutMs = 60_000;
const noticeMs = 5_000;

function downloadFailure(context: PhoneContext): string {
  const outcome = context.update.download?.outcome;
  return typeof outcome === 'object' ? outcome.failed : 'the download did not complete in time';
}

/** Why the verified image cannot run on this phone (its header names another family or version), if it cannot. */
function imageProblem(context: PhoneContext): string | undefined {
  const image = context.update.download?.image;
  if (!image) return undefined;
  if (image.family !== context.profile.firmwareFamily || image.version !== context.update.offer?.version) {
    return `the image is ${image.family} ${image.version}, not ${context.profile.firmwareFamily} ${context.update.offer?.version ?? ''}`;
  }
  return undefined;
}

/** The idle softkey a press names, if the profile has it. */
function idleSoftkeyOf(context: PhoneContext, event: PhoneEvent) {
  if (event.type !== 'softkey.press') return undefined;
  return context.profile.idleSoftkeys.find((key) => `open.${key.id}` === event.id);
}

/** The policy in force once this event is taken: a welcome or a push carries a new one. */
function policyAfter(context: PhoneContext, event: PhoneEvent): PhonePolicy {
  if (event.type === 'server.policyChanged') return event.policy;
  if (event.type === 'server.connected') return event.policy ?? context.policy;
  return context.policy;
}

/** Enough installs to see a loop, and no more: the history lives as long as the phone is powered. */
const installHistoryLength = 8;

const digitKeys: readonly KeyName[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** A notice goes once what it describes changes (core/notice-subjects.ts). */
const outdates = (subject: NoticeSubject) => ({
  guard: { type: 'noticeDescribes' as const, params: { subject } },
  target: 'hidden' as const,
  actions: 'clearNotice' as const,
});

/**
 * The chart shared by every vendor. Regions run side by side while the phone is up:
 * connection, ui (menus), update (check, offer, download), notice (transient text), and
 * the identity regions kept in core/identity/: signIn, lock, call, pairing.
 * Vendors differ by profile data, and by `provide()` where behaviour differs.
 */
export const phoneMachine = pairingSetup.extend({
  actions: {
    emitBooted: emit(({ context }) => ({ type: 'phone.booted' as const, firmware: context.firmware })),
    // The server hears of the last install once it is connected; the phone keeps it until then, across restarts too.
    reportInstall: enqueueActions(({ context, enqueue }) => {
      const { justInstalled: installed, rolledBack } = context.update;
      if (installed || rolledBack) enqueue.emit({ type: 'update.resultDue' as const, firmware: context.firmware, installed, rolledBack });
    }),
    noticeRollback: enqueueActions(({ context, enqueue }) => {
      if (!context.update.rolledBack) return;
      const params = { version: context.update.rolledBack.version, firmware: context.firmware };
      enqueue.raise({ type: 'notice.show' as const, notice: { key: 'notice.rolledBack' as const, params } });
    }),
    forgetInstall: assign({ update: ({ context }) => ({ ...context.update, justInstalled: null, rolledBack: null }) }),
    emitShuttingDown: emit({ type: 'phone.shuttingDown' as const }),
    storeServerSettings: assign({
      server: ({ event, context }) => (event.type === 'server.connected' ? event.settings : context.server),
      policy: ({ event, context }) => policyAfter(context, event),
    }),
    storePolicy: assign({ policy: ({ event, context }) => policyAfter(context, event) }),
    storeNextCheck: assign({
      update: ({ event, context }) =>
        (event.type === 'server.updateOffered' || event.type === 'server.noUpdate') && event.nextCheckMs !== undefined
          ? { ...context.update, nextCheckMs: event.nextCheckMs }
          : context.update,
    }),
    storeProvisioning: assign({
      update: ({ event, context }) =>
        event.type === 'server.provisioningTarget' ? { ...context.update, provisioning: event.target } : context.update,
    }),
    takeProvisioningOffer: assign({
      update: ({ event, context }) => ({
        ...context.update,
        offer: event.type === 'server.provisioningTarget' ? event.target.offer : context.update.offer,
        offerFrom: 'provisioning' as const,
        onDemand: false,
      }),
    }),
    forgetUpdateLoop: assign({
      update: ({ context }) => ({ ...context.update, installHistory: [] }),
      warnings: ({ context }) => context.warnings.filter((warning) => warning.id !== updateLoopWarningId),
    }),
    openMenu: assign({ menu: menuRoot }),
    openMenuAtSoftkey: assign({
      menu: ({ context, event }) => enterAt(idleSoftkeyOf(context, event)?.opens ?? []),
    }),
    moveCursor: assign({
      menu: ({ context }, params: { delta: number }) => moveCursor(context.profile.menu, context.menu, params.delta),
    }),
    openHighlighted: assign({ menu: ({ context }) => openItem(context.profile.menu, context.menu) }),
    openNumbered: assign({
      menu: ({ context, event }) =>
        event.type === 'key.press' ? openItem(context.profile.menu, context.menu, Number(event.key) - 1) : context.menu,
    }),
    closeItem: assign({ menu: ({ context }) => closeItem(context.profile.menu, context.menu) }),
    requestCheck: emit(({ context }) => ({ type: 'update.checkRequested' as const, firmware: context.firmware })),
    markOnDemand: assign({ update: ({ context }) => ({ ...context.update, onDemand: true }) }),
    clearOnDemand: assign({ update: ({ context }) => ({ ...context.update, onDemand: false }) }),
    storeOffer: assign({
      update: ({ event, context }) => ({
        ...context.update,
        offer: event.type === 'server.updateOffered' ? event.offer : context.update.offer,
        offerFrom: 'inBand' as const,
      }),
    }),
    clearOffer: assign({ update: ({ context }) => ({ ...context.update, offer: null, download: null }) }),
    startDownload: assign({
      update: ({ context }) => ({ ...context.update, download: { receivedBytes: 0, outcome: 'pending' as const } }),
    }),
    requestDownload: emit(({ context }) => ({ type: 'download.requested' as const, offer: context.update.offer! })),
    advanceDownload: assign({
      update: ({ context }) => {
        const download = context.update.download ?? { receivedBytes: 0, outcome: 'pending' as const };
        const step = (context.server.downloadBytesPerSecond * downloadTickMs) / 1000;
        const receivedBytes = Math.min(context.update.offer?.sizeBytes ?? 0, download.receivedBytes + step);
        return { ...context.update, download: { ...download, receivedBytes } };
      },
    }),
    recordDownloadOutcome: assign({
      update: ({ context, event }) => ({
        ...context.update,
        download: {
          receivedBytes: context.update.download?.receivedBytes ?? 0,
          outcome: event.type === 'download.failed' ? { failed: event.reason } : ('verified' as const),
          image: event.type === 'download.verified' ? event.image : undefined,
        },
      }),
    }),
    reportUpdateFailure: emit(({ context }) => ({
      type: 'update.failed' as const,
      version: context.update.offer?.version ?? '',
      reason: downloadFailure(context),
    })),
    noticeUpdateFailure: raise(({ context }) => ({
      type: 'notice.show' as const,
      notice: { key: 'notice.updateFailed' as const, params: { reason: downloadFailure(context) } },
    })),
    noticeUpToDate: raise({ type: 'notice.show' as const, notice: { key: 'notice.upToDate' as const } }),
    noticeOffline: raise({ type: 'notice.show' as const, notice: { key: 'notice.offline' as const } }),
    noticeUpdateDisabled: raise({ type: 'notice.show' as const, notice: { key: 'notice.updateDisabled' as const } }),
    showNotice: assign({ notice: ({ event, context }) => (event.type === 'notice.show' ? event.notice : context.notice) }),
    clearNotice: assign({ notice: null }),
    applyFirmware: assign(({ context }) => {
      const { update } = context;
      const version = update.offer?.version ?? context.firmware;
      const installHistory: InstalledBuild[] = [...update.installHistory, { version, authority: update.offerFrom }].slice(-installHistoryLength);
      const loop = updateLoopWarning(installHistory, update.provisioning);
      return {
        firmware: version,
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
  },
  guards: {
    opensMenu: ({ context, event }) => event.type === 'key.press' && context.profile.menuKeys.includes(event.key),
    atMenuRoot: ({ context }) => atFloor(context.menu),
    opensFromIdle: ({ context, event }) => idleSoftkeyOf(context, event) !== undefined,
    upgradeDropsDeviceLock: ({ context }) =>
      context.deviceLockPin !== null &&
      firmwareTraits(context.profile, context.firmware).deviceLock &&
      !firmwareTraits(context.profile, context.update.offer?.version ?? context.firmware).deviceLock,
    showsItems: ({ context }) => itemsAt(context.profile.menu, context.menu.path) !== undefined,
    offersPopUp: ({ context }) => offersPopUp(context),
    hasOnDemandSoftkey: ({ context }) => context.profile.update.onDemandSoftkey,
    isOnDemand: ({ context }) => context.update.onDemand,
    offersSameBuild: ({ context, event }) => event.type === 'server.updateOffered' && event.offer.version === context.update.offer?.version,
    allBytesReceived: ({ context }) => (context.update.download?.receivedBytes ?? 0) >= (context.update.offer?.sizeBytes ?? 0),
    downloadVerified: ({ context }) => context.update.download?.outcome === 'verified',
    downloadFailed: ({ context }) => typeof context.update.download?.outcome === 'object',
    deviceUpdateEnabled: ({ context, event }) => policyAfter(context, event).EnableDeviceUpdate,
    policyStopsUpdates: ({ event }) => event.type === 'server.policyChanged' && !event.policy.EnableDeviceUpdate,
    provisioningStopped: ({ event }) => event.type === 'server.provisioningTarget' && event.target.offer === null,
    provisioningTargetDiffers: ({ context, event }) =>
      event.type === 'server.provisioningTarget' && event.target.offer !== null && event.target.offer.version !== context.firmware,
    imageFitsPhone: ({ context }) => imageProblem(context) === undefined,
    noticeDescribes: ({ context }, params: { subject: NoticeSubject }) => noticeDescribes(context.notice, params.subject),
  },
  delays: {
    bootDuration: ({ context }) => context.profile.timings.bootMs,
    installDuration: ({ context }) => context.profile.timings.installMs,
    rebootDuration: ({ context }) => context.profile.timings.rebootMs,
    checkInterval: ({ context }) => context.update.nextCheckMs ?? context.server.checkIntervalMs,
    updateInactivity: ({ context }) => context.server.updateInactivityMs,
    replyTimeout: replyTimeoutMs,
    downloadTick: downloadTickMs,
    verifyTimeout: verifyTimeoutMs,
    noticeDuration: noticeMs,
  },
}).createMachine({
  id: 'phone',
  context: ({ input }) => initialContext(input),
  initial: 'booting',
  states: {
    booting: {
      entry: 'resetSession',
      after: { bootDuration: 'running' },
    },
    running: {
      type: 'parallel',
      entry: ['emitBooted', 'noticeRollback'],
      exit: 'emitShuttingDown',
      states: {
        connection: {
          initial: 'offline',
          states: {
            offline: { on: { 'server.connected': { target: 'online', actions: ['storeServerSettings', 'reportInstall', 'forgetInstall'] } } },
            online: {
              on: {
                'server.disconnected': 'offline',
                'server.policyChanged': [
                  { guard: 'policyStopsUpdates', actions: ['storePolicy', 'forgetUpdateLoop'] },
                  { actions: 'storePolicy' },
                ],
                'server.provisioningTarget': [
                  { guard: 'provisioningStopped', actions: ['storeProvisioning', 'forgetUpdateLoop'] },
                  { actions: 'storeProvisioning' },
                ],
                'server.updateOffered': { actions: 'storeNextCheck' },
                'server.noUpdate': { actions: 'storeNextCheck' },
              },
            },
          },
        },
        ui: {
          initial: 'idle',
          // A call, PIN creation or the lock screen takes the screen back from the menus.
          on: { 'ui.home': '.idle' },
          states: {
            idle: {
              on: {
                'key.press': { guard: and(['opensMenu', not('modalScreen')]), target: 'menu', actions: 'openMenu' },
                'softkey.press': { guard: and(['opensFromIdle', not('modalScreen')]), target: 'menu', actions: 'openMenuAtSoftkey' },
              },
            },
            menu: {
              on: {
                'key.press': [
                  { guard: 'opensMenu', target: 'idle' },
                  { guard: pressed('Up'), actions: { type: 'moveCursor', params: { delta: -1 } } },
                  { guard: pressed('Down'), actions: { type: 'moveCursor', params: { delta: 1 } } },
                  {
                    guard: and([pressed('Select', 'Right'), 'showsItems']),
                    actions: 'openHighlighted',
                  },
                  { guard: and([pressed(...digitKeys), 'showsItems']), actions: 'openNumbered' },
                  { guard: and([pressed('Back', 'Left'), 'atMenuRoot']), target: 'idle' },
                  { guard: pressed('Back', 'Left'), actions: 'closeItem' },
                ],
                'softkey.press': [
                  { guard: and([softkey('back'), 'atMenuRoot']), target: 'idle' },
                  { guard: softkey('back'), actions: 'closeItem' },
                ],
              },
            },
          },
        },
        update: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                'server.connected': { guard: 'deviceUpdateEnabled', target: 'checking' },
                // The phone checks at boot, at sign-in, and every 24 hours.
                'server.signedIn': { guard: 'deviceUpdateEnabled', target: 'checking' },
                'server.updateOffered': { guard: 'deviceUpdateEnabled', target: 'offered', actions: 'storeOffer' },
                'server.provisioningTarget': { guard: 'provisioningTargetDiffers', target: 'downloading', actions: 'takeProvisioningOffer' },
                'softkey.press': [
                  {
                    guard: and([softkey('swUpdate'), 'hasOnDemandSoftkey', 'deviceUpdateEnabled']),
                    target: 'checking',
                    actions: 'markOnDemand',
                  },
                  { guard: and([softkey('swUpdate'), 'hasOnDemandSoftkey']), actions: 'noticeUpdateDisabled' },
                ],
              },
              // EnableDeviceUpdate=False: the phone stops asking; the timer keeps running for when it is back on.
              after: {
                checkInterval: [{ guard: 'deviceUpdateEnabled', target: 'checking' }, { target: 'idle', reenter: true }],
              },
            },
            checking: {
              entry: 'requestCheck',
              on: {
                'server.updateOffered': [
                  { guard: 'isOnDemand', target: 'downloading', actions: 'storeOffer' },
                  { target: 'offered', actions: 'storeOffer' },
                ],
                'server.noUpdate': [
                  { guard: 'isOnDemand', target: 'idle', actions: ['noticeUpToDate', 'clearOnDemand'] },
                  { target: 'idle' },
                ],
                'server.disconnected': { target: 'idle', actions: 'clearOnDemand' },
                'server.provisioningTarget': { guard: 'provisioningTargetDiffers', target: 'downloading', actions: 'takeProvisioningOffer' },
              },
              after: { replyTimeout: { target: 'idle', actions: ['noticeOffline', 'clearOnDemand'] } },
            },
            offered: {
              initial: 'waiting',
              exit: 'clearOnDemand',
              on: {
                'softkey.press': [
                  { guard: and([softkey('update'), 'offersPopUp']), target: 'downloading' },
                  { guard: and([softkey('postpone'), 'offersPopUp']), target: 'idle', actions: 'clearOffer' },
                  {
                    guard: and([softkey('swUpdate'), 'hasOnDemandSoftkey']),
                    target: 'downloading',
                  },
                  // Any other softkey is activity too: the inactivity period starts again.
                  { target: 'offered', reenter: true },
                ],
                'server.noUpdate': { target: 'idle', actions: 'clearOffer' },
                // Back online with an offer on screen, the phone asks again: the build may have been
                // withdrawn, or be served from elsewhere (a restarted server, a phone whose download was lost).
                'server.connected': { guard: 'deviceUpdateEnabled', actions: 'requestCheck' },
                'server.updateOffered': [
                  // A phone whose download was lost takes the fresh offer and goes on.
                  { guard: 'isOnDemand', target: 'downloading', actions: 'storeOffer' },
                  { guard: 'offersSameBuild', actions: 'storeOffer' },
                  { target: 'offered', reenter: true, actions: 'storeOffer' },
                ],
                'server.policyChanged': { guard: 'policyStopsUpdates', target: 'idle', actions: 'clearOffer' },
                'server.provisioningTarget': { guard: 'provisioningTargetDiffers', target: 'downloading', actions: 'takeProvisioningOffer' },
              },
              states: {
                // Any key the user touches restarts the inactivity period: the offer installs only on an idle phone.
                waiting: {
                  after: {
                    updateInactivity: [
                      // Never during a call: the period starts again.
                      { guard: 'callBusy', target: 'waiting', reenter: true },
                      { target: '#phone.running.update.downloading' },
                    ],
                  },
                  on: {
                    'key.press': { target: 'waiting', reenter: true },
                  },
                },
              },
            },
            downloading: {
              entry: ['startDownload', 'requestDownload'],
              on: {
                'download.verified': { actions: 'recordDownloadOutcome' },
                'download.failed': { actions: 'recordDownloadOutcome' },
                // The transfer is gone (the emulator restarted): the download starts again once the server confirms the offer.
                'download.lost': { target: 'offered', actions: 'markOnDemand' },
              },
              initial: 'transferring',
              states: {
                transferring: {
                  always: { guard: 'allBytesReceived', target: 'verifying' },
                  after: { downloadTick: { target: 'transferring', reenter: true, actions: 'advanceDownload' } },
                },
                verifying: {
                  always: [
                    { guard: 'downloadVerified', target: '#phone.installing' },
                    {
                      guard: 'downloadFailed',
                      target: '#phone.running.update.idle',
                      actions: ['reportUpdateFailure', 'noticeUpdateFailure', 'clearOffer', 'clearOnDemand'],
                    },
                  ],
                  after: {
                    verifyTimeout: {
                      target: '#phone.running.update.idle',
                      actions: ['reportUpdateFailure', 'noticeUpdateFailure', 'clearOffer', 'clearOnDemand'],
                    },
                  },
                },
              },
            },
          },
        },
        signIn: signInRegion,
        lock: lockRegion,
        call: callRegion,
        pairing: pairingRegion,
        notice: {
          initial: 'hidden',
          states: {
            hidden: { on: { 'notice.show': { target: 'shown', actions: 'showNotice' } } },
            shown: {
              on: {
                'notice.show': { target: 'shown', reenter: true, actions: 'showNotice' },
                'server.policyChanged': outdates('policy'),
                'server.callPlaced': outdates('call'),
                'server.incomingCall': outdates('call'),
                'pairing.ended': outdates('pairing'),
                'pairing.pcLocked': outdates('pairing'),
              },
              after: { noticeDuration: { target: 'hidden', actions: 'clearNotice' } },
            },
          },
        },
      },
    },
    installing: {
      after: {
        installDuration: [
          // Polycom 5.4 -> 5.5.1: Phone-Lock replaces Device-Lock and its PIN is not carried over.
          { guard: and(['imageFitsPhone', 'upgradeDropsDeviceLock']), target: 'rebooting', actions: 'dropDeviceLockPin' },
          { guard: 'imageFitsPhone', target: 'rebooting' },
          { target: 'rollingBack', actions: 'recordRollback' },
        ],
      },
    },
    rollingBack: {
      after: { rebootDuration: 'booting' },
    },
    rebooting: {
      entry: 'applyFirmware',
      after: { rebootDuration: 'booting' },
    },
  },
});

export type PhoneMachine = typeof phoneMachine;
