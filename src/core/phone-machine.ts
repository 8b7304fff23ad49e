import { and, assign, emit, raise, setup } from 'xstate';
import type { KeyName } from './device-profile.js';
import { atFloor, closeItem, enterAt, itemsAt, menuRoot, moveCursor, openItem } from './menu.js';
import { firmwareTraits } from './quirks.js';
import {
  defaultServerSettings,
  type PhoneContext,
  type PhoneEmitted,
  type PhoneEvent,
  type PhoneInput,
  type SoftkeyId,
} from './phone-types.js';

/** The device parameter that turns Polycom's Update / Postpone pop-up on (1, the default from 5.5.1). */
export const popUpSetting = 'lync.deviceUpdate.popUpSK.enabled';

const downloadTickMs = 1_000;
const replyTimeoutMs = 30_000;
const verifyTimeoutMs = 60_000;
const noticeMs = 5_000;

const isTruthySetting = (value: string | number | boolean | undefined): boolean =>
  value === true || value === 1 || value === '1' || value === 'true';

function downloadFailure(context: PhoneContext): string {
  const outcome = context.download?.outcome;
  return typeof outcome === 'object' ? outcome.failed : 'the download did not complete in time';
}

/** True when an offer is shown as an Update / Postpone pop-up rather than a notice. */
export function offersPopUp(context: Pick<PhoneContext, 'profile' | 'settings' | 'firmware'>): boolean {
  const fallback = firmwareTraits(context.profile, context.firmware).popUpDefault;
  return context.profile.update.prompt === 'popup' && isTruthySetting(context.settings[popUpSetting] ?? fallback);
}

/** The idle softkey a press names, if the profile has it. */
function idleSoftkeyOf(context: PhoneContext, event: PhoneEvent) {
  if (event.type !== 'softkey.press') return undefined;
  return context.profile.idleSoftkeys.find((key) => `open.${key.id}` === event.id);
}

const digitKeys: readonly KeyName[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Guard references that keep their literal types inside and() / not(). */
const pressed = (...keys: KeyName[]) => ({ type: 'keyIs' as const, params: { keys } });
const softkey = (id: SoftkeyId) => ({ type: 'softkeyIs' as const, params: { id } });

/**
 * The chart shared by every vendor. Regions run side by side while the phone is up:
 * connection, ui (menus), update (check, offer, download) and notice (transient text).
 * Vendors differ by profile data, and by `provide()` where behaviour differs.
 */
export const phoneMachine = setup({
  types: {
    context: {} as PhoneContext,
    events: {} as PhoneEvent,
    input: {} as PhoneInput,
    emitted: {} as PhoneEmitted,
  },
  actions: {
    emitBooted: emit(({ context }) => ({
      type: 'phone.booted' as const,
      firmware: context.firmware,
      installed: context.justInstalled,
    })),
    forgetInstall: assign({ justInstalled: null }),
    emitShuttingDown: emit({ type: 'phone.shuttingDown' as const }),
    storeServerSettings: assign({
      server: ({ event, context }) => (event.type === 'server.connected' ? event.settings : context.server),
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
    markOnDemand: assign({ updateOnDemand: true }),
    clearOnDemand: assign({ updateOnDemand: false }),
    storeOffer: assign({
      offer: ({ event, context }) => (event.type === 'server.updateOffered' ? event.offer : context.offer),
    }),
    clearOffer: assign({ offer: null, download: null }),
    startDownload: assign({ download: { receivedBytes: 0, outcome: 'pending' as const } }),
    requestDownload: emit(({ context }) => ({ type: 'download.requested' as const, offer: context.offer! })),
    advanceDownload: assign({
      download: ({ context }) => {
        const download = context.download ?? { receivedBytes: 0, outcome: 'pending' as const };
        const step = (context.server.downloadBytesPerSecond * downloadTickMs) / 1000;
        const receivedBytes = Math.min(context.offer?.sizeBytes ?? 0, download.receivedBytes + step);
        return { ...download, receivedBytes };
      },
    }),
    recordDownloadOutcome: assign({
      download: ({ context, event }) => ({
        receivedBytes: context.download?.receivedBytes ?? 0,
        outcome: event.type === 'download.failed' ? { failed: event.reason } : ('verified' as const),
      }),
    }),
    reportUpdateFailure: emit(({ context }) => ({
      type: 'update.failed' as const,
      version: context.offer?.version ?? '',
      reason: downloadFailure(context),
    })),
    noticeUpdateFailure: raise(({ context }) => ({
      type: 'notice.show' as const,
      notice: { key: 'notice.updateFailed' as const, params: { reason: downloadFailure(context) } },
    })),
    noticeUpToDate: raise({ type: 'notice.show' as const, notice: { key: 'notice.upToDate' as const } }),
    noticeOffline: raise({ type: 'notice.show' as const, notice: { key: 'notice.offline' as const } }),
    showNotice: assign({ notice: ({ event, context }) => (event.type === 'notice.show' ? event.notice : context.notice) }),
    clearNotice: assign({ notice: null }),
    applyFirmware: assign({
      previousFirmware: ({ context }) => context.firmware,
      firmware: ({ context }) => context.offer?.version ?? context.firmware,
      justInstalled: ({ context }) => ({ from: context.firmware, to: context.offer?.version ?? context.firmware }),
      offer: null,
      download: null,
      updateOnDemand: false,
    }),
    resetSession: assign({ menu: menuRoot, notice: null }),
    dropDeviceLockPin: assign({
      deviceLockPin: null,
      warnings: ({ context }) => [
        ...context.warnings.filter((warning) => warning.code !== 'phone-unprotected'),
        {
          code: 'phone-unprotected',
          message: { key: 'warning.phoneUnprotected' as const, params: { version: context.offer?.version ?? '' } },
        },
      ],
    }),
  },
  guards: {
    keyIs: ({ event }, params: { keys: readonly KeyName[] }) =>
      event.type === 'key.press' && params.keys.includes(event.key),
    softkeyIs: ({ event }, params: { id: SoftkeyId }) => event.type === 'softkey.press' && event.id === params.id,
    opensMenu: ({ context, event }) => event.type === 'key.press' && context.profile.menuKeys.includes(event.key),
    atMenuRoot: ({ context }) => atFloor(context.menu),
    opensFromIdle: ({ context, event }) => idleSoftkeyOf(context, event) !== undefined,
    upgradeDropsDeviceLock: ({ context }) =>
      context.deviceLockPin !== null &&
      firmwareTraits(context.profile, context.firmware).deviceLock &&
      !firmwareTraits(context.profile, context.offer?.version ?? context.firmware).deviceLock,
    showsItems: ({ context }) => itemsAt(context.profile.menu, context.menu.path) !== undefined,
    offersPopUp: ({ context }) => offersPopUp(context),
    hasOnDemandSoftkey: ({ context }) => context.profile.update.onDemandSoftkey,
    isOnDemand: ({ context }) => context.updateOnDemand,
    allBytesReceived: ({ context }) => (context.download?.receivedBytes ?? 0) >= (context.offer?.sizeBytes ?? 0),
    downloadVerified: ({ context }) => context.download?.outcome === 'verified',
    downloadFailed: ({ context }) => typeof context.download?.outcome === 'object',
  },
  delays: {
    bootDuration: ({ context }) => context.profile.timings.bootMs,
    installDuration: ({ context }) => context.profile.timings.installMs,
    rebootDuration: ({ context }) => context.profile.timings.rebootMs,
    checkInterval: ({ context }) => context.server.checkIntervalMs,
    updateInactivity: ({ context }) => context.server.updateInactivityMs,
    replyTimeout: replyTimeoutMs,
    downloadTick: downloadTickMs,
    verifyTimeout: verifyTimeoutMs,
    noticeDuration: noticeMs,
  },
}).createMachine({
  id: 'phone',
  context: ({ input }) => ({
    profile: input.profile,
    identity: input.identity,
    locale: input.locale ?? 'en-US',
    settings: { ...input.profile.settings, ...input.settings },
    firmware: input.firmware,
    previousFirmware: null,
    justInstalled: null,
    server: defaultServerSettings,
    offer: null,
    download: null,
    updateOnDemand: false,
    notice: null,
    menu: menuRoot,
    deviceLockPin: input.deviceLockPin ?? null,
    warnings: [],
  }),
  initial: 'booting',
  states: {
    booting: {
      entry: 'resetSession',
      after: { bootDuration: 'running' },
    },
    running: {
      type: 'parallel',
      entry: ['emitBooted', 'forgetInstall'],
      exit: 'emitShuttingDown',
      states: {
        connection: {
          initial: 'offline',
          states: {
            offline: { on: { 'server.connected': { target: 'online', actions: 'storeServerSettings' } } },
            online: { on: { 'server.disconnected': 'offline' } },
          },
        },
        ui: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                'key.press': { guard: 'opensMenu', target: 'menu', actions: 'openMenu' },
                'softkey.press': { guard: 'opensFromIdle', target: 'menu', actions: 'openMenuAtSoftkey' },
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
                'server.connected': 'checking',
                'server.updateOffered': { target: 'offered', actions: 'storeOffer' },
                'softkey.press': {
                  guard: and([softkey('swUpdate'), 'hasOnDemandSoftkey']),
                  target: 'checking',
                  actions: 'markOnDemand',
                },
              },
              after: { checkInterval: { target: 'checking' } },
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
              },
              after: { replyTimeout: { target: 'idle', actions: ['noticeOffline', 'clearOnDemand'] } },
            },
            offered: {
              initial: 'waiting',
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
                'server.updateOffered': { target: 'offered', reenter: true, actions: 'storeOffer' },
              },
              states: {
                // Any key the user touches restarts the inactivity period: the offer installs only on an idle phone.
                waiting: {
                  after: { updateInactivity: { target: '#phone.running.update.downloading' } },
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
        notice: {
          initial: 'hidden',
          states: {
            hidden: { on: { 'notice.show': { target: 'shown', actions: 'showNotice' } } },
            shown: {
              on: { 'notice.show': { target: 'shown', reenter: true, actions: 'showNotice' } },
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
          { guard: 'upgradeDropsDeviceLock', target: 'rebooting', actions: 'dropDeviceLockPin' },
          { target: 'rebooting' },
        ],
      },
    },
    rebooting: {
      entry: 'applyFirmware',
      after: { rebootDuration: 'booting' },
    },
  },
});

export type PhoneMachine = typeof phoneMachine;
