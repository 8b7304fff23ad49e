import { and, assign, emit, raise, setup } from 'xstate';
import { keyGuards, phoneTypes, softkey, type RegionActions, type RegionDelays, type RegionGuards } from '../phone-setup.js';
import type { PhoneContext } from '../phone-types.js';
import { updateLoopWarningId } from '../update-loop.js';
import { offersPopUp } from '../update-prompt.js';
import { policyAfter, policyGuards } from './policy-events.js';
import { factGuards } from './region-facts.js';

/** The shortest step of a download's progress: a small image arrives in one second, as before. */
const minDownloadTickMs = 1_000;
const replyTimeoutMs = 30_000;
const verifyTimeoutMs = 60_000;

/**
 * The next step of a download's progress: the time to the next tenth of the image (at least a
 * second) and the bytes received by then. Steps fall on the tenths a status frame reports
 * (link-status.ts), so each step is one status and one macrostep, not sixteen of each a download.
 */
export function nextDownloadStep(context: PhoneContext): { readonly delayMs: number; readonly receivedBytes: number } {
  const size = context.update.offer?.sizeBytes ?? 0;
  const received = context.update.download?.receivedBytes ?? 0;
  const rate = context.server.downloadBytesPerSecond;
  if (size <= 0 || rate <= 0) return { delayMs: minDownloadTickMs, receivedBytes: received };
  const nextTenth = Math.min(size, ((Math.floor((received * 10) / size + 1e-9) + 1) * size) / 10);
  const delayMs = Math.max(minDownloadTickMs, Math.ceil(((nextTenth - received) * 1000) / rate));
  return { delayMs, receivedBytes: Math.min(size, Math.max(nextTenth, received + (rate * delayMs) / 1000)) };
}

export function downloadFailure(context: PhoneContext): string {
  const outcome = context.update.download?.outcome;
  return typeof outcome === 'object' ? outcome.failed : 'the download did not complete in time';
}

/** The update region's work while the phone is up: check, offer, download, verify; installing is the phone's (power-states.ts). */
export const updateActions = {
  takeProvisioningOffer: assign({
    update: ({ event, context }) => ({
      ...context.update,
      offer: event.type === 'provisioning.firmware' ? event.target.offer : context.update.offer,
      offerFrom: 'provisioning' as const,
      // A provisioning file's firmware is known whether or not the phone is online.
      provisioning: event.type === 'provisioning.firmware' ? event.target : context.update.provisioning,
      onDemand: false,
    }),
  }),
  // A file that no longer names a firmware ends the provisioning authority: no loop is left to warn of.
  storeProvisionedFirmware: assign(({ event, context }) => {
    if (event.type !== 'provisioning.firmware') return {};
    if (event.target.offer !== null || context.update.provisioning === null) return { update: { ...context.update, provisioning: event.target } };
    return {
      update: { ...context.update, provisioning: event.target, installHistory: [] },
      warnings: context.warnings.filter((warning) => warning.id !== updateLoopWarningId),
    };
  }),
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
      return { ...context.update, download: { ...download, receivedBytes: nextDownloadStep(context).receivedBytes } };
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
} satisfies RegionActions;

export const updateGuards = {
  offersPopUp: ({ context }) => offersPopUp(context),
  hasOnDemandSoftkey: ({ context }) => context.profile.update.onDemandSoftkey,
  isOnDemand: ({ context }) => context.update.onDemand,
  offersSameBuild: ({ context, event }) => event.type === 'server.updateOffered' && event.offer.version === context.update.offer?.version,
  allBytesReceived: ({ context }) => (context.update.download?.receivedBytes ?? 0) >= (context.update.offer?.sizeBytes ?? 0),
  downloadVerified: ({ context }) => context.update.download?.outcome === 'verified',
  downloadFailed: ({ context }) => typeof context.update.download?.outcome === 'object',
  deviceUpdateEnabled: ({ context, event }) => policyAfter(context, event).EnableDeviceUpdate,
  provisioningTargetDiffers: ({ context, event }) =>
    event.type === 'provisioning.firmware' &&
    event.target.offer !== null &&
    event.target.offer.version !== context.firmware,
} satisfies RegionGuards;

export const updateDelays = {
  checkInterval: ({ context }) => context.update.nextCheckMs ?? context.server.checkIntervalMs,
  updateInactivity: ({ context }) => context.server.updateInactivityMs,
  replyTimeout: replyTimeoutMs,
  downloadTick: ({ context }) => nextDownloadStep(context).delayMs,
  verifyTimeout: verifyTimeoutMs,
} satisfies RegionDelays;

const updateSetup = setup({
  types: phoneTypes,
  actions: updateActions,
  guards: { ...keyGuards, ...factGuards, ...policyGuards, ...updateGuards },
  delays: updateDelays,
});

export const updateRegion = updateSetup.createStateConfig({
  initial: 'idle',
  states: {
    idle: {
      on: {
        'server.connected': { guard: 'deviceUpdateEnabled', target: 'checking' },
        // The phone checks at boot, at sign-in, and every 24 hours.
        'server.signedIn': { guard: 'deviceUpdateEnabled', target: 'checking' },
        'server.updateOffered': { guard: 'deviceUpdateEnabled', target: 'offered', actions: 'storeOffer' },
        'provisioning.firmware': [
          { guard: 'provisioningTargetDiffers', target: 'downloading', actions: 'takeProvisioningOffer' },
          { actions: 'storeProvisionedFirmware' },
        ],
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
        'provisioning.firmware': [
          { guard: 'provisioningTargetDiffers', target: 'downloading', actions: 'takeProvisioningOffer' },
          { actions: 'storeProvisionedFirmware' },
        ],
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
        'provisioning.firmware': [
          { guard: 'provisioningTargetDiffers', target: 'downloading', actions: 'takeProvisioningOffer' },
          { actions: 'storeProvisionedFirmware' },
        ],
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
        'provisioning.firmware': { actions: 'storeProvisionedFirmware' },
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
});
