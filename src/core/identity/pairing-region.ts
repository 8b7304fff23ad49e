import { and, assign, emit, not, raise, setup } from 'xstate';
import { phoneTypes, type RegionActions, type RegionGuards } from '../phone-setup.js';
import { factGuards } from '../regions/region-facts.js';
import type { PairingRefusal } from './identity-types.js';

/** BToE: a Windows PC pairs in Auto mode, or in Manual mode with the code the phone shows. */
export const pairingActions = {
  holdPairingCode: assign({
    pairing: ({ context, event }) =>
      event.type === 'pairing.requested' ? { ...context.pairing, paired: false, code: event.code, mode: 'manual' as const } : context.pairing,
  }),
  notePairedAuto: assign({ pairing: ({ context }) => ({ ...context.pairing, mode: 'auto' as const }) }),
  markPaired: assign({ pairing: ({ context }) => ({ ...context.pairing, paired: true, code: null }) }),
  markUnpaired: assign({ pairing: { paired: false, code: null, mode: null, pcLocked: false } }),
  notePcLock: assign({
    pairing: ({ context, event }) => (event.type === 'pairing.pcLocked' ? { ...context.pairing, pcLocked: event.locked } : context.pairing),
  }),
  answerPaired: emit({ type: 'pairing.answered' as const, outcome: 'paired' as const }),
  answerCodeRequired: emit({ type: 'pairing.answered' as const, outcome: 'codeRequired' as const }),
  refusePairing: emit((_, params: { reason: PairingRefusal }) => ({
    type: 'pairing.answered' as const,
    outcome: 'refused' as const,
    reason: params.reason,
  })),
  noticePairingRefused: raise((_, params: { reason: PairingRefusal }) => ({
    type: 'notice.show' as const,
    notice: { key: `pairing.refused.${params.reason}` as const },
  })),
  noticePaired: raise({ type: 'notice.show' as const, notice: { key: 'pairing.paired' as const } }),
  noticeUnpaired: raise({ type: 'notice.show' as const, notice: { key: 'pairing.ended' as const } }),
} satisfies RegionActions;

export const pairingGuards = {
  pairingEnabled: ({ context }) => context.policy.EnableBetterTogetherOverEthernet,
  hasBtoe: ({ context }) => context.profile.btoe,
  pcRunsOn: ({ event }, params: { os: 'mac' | 'vdi' }) => event.type === 'pairing.requested' && event.os === params.os,
  manualPairing: ({ context }) => context.policy.BetterTogetherOverEthernetPairingMode === 'Manual',
  pairingCodeMatches: ({ context, event }) =>
    event.type === 'pairing.codeEntered' && context.pairing.code !== null && event.code === context.pairing.code,
} satisfies RegionGuards;

const pairingSetup = setup({
  types: phoneTypes,
  actions: pairingActions,
  guards: { ...factGuards, ...pairingGuards },
});

const refusal = (reason: PairingRefusal) => [
  { type: 'refusePairing' as const, params: { reason } },
  { type: 'noticePairingRefused' as const, params: { reason } },
];

/**
 * Refused with the reason for a Mac or a VDI session (BToE needs the Windows client),
 * whenever EnableBetterTogetherOverEthernet is false, and on phones without BToE (LPE).
 */
export const pairingRegion = pairingSetup.createStateConfig({
  initial: 'unpaired',
  states: {
    unpaired: {
      // A phone that was paired before a reboot or a restart comes back paired; the link tells the service.
      always: { guard: 'isPaired', target: 'paired' },
      on: {
        'pairing.requested': [
          { guard: not('hasBtoe'), actions: refusal('notSupported') },
          { guard: not('pairingEnabled'), actions: refusal('disabled') },
          { guard: { type: 'pcRunsOn', params: { os: 'mac' } }, actions: refusal('mac') },
          { guard: { type: 'pcRunsOn', params: { os: 'vdi' } }, actions: refusal('vdi') },
          { guard: 'manualPairing', target: 'awaitingCode', actions: ['holdPairingCode', 'answerCodeRequired'] },
          { target: 'paired', actions: 'notePairedAuto' },
        ],
      },
    },
    awaitingCode: {
      // BToE turned off: the PC waiting with its code hears why (through the service).
      always: { guard: not('pairingEnabled'), target: 'unpaired', actions: ['markUnpaired', { type: 'refusePairing', params: { reason: 'disabled' } }] },
      on: {
        'pairing.codeEntered': [
          { guard: 'pairingCodeMatches', target: 'paired' },
          { actions: refusal('badCode') },
        ],
        // The PC asked again: a new code replaces the old one.
        'pairing.requested': { guard: and(['pairingEnabled', 'manualPairing']), actions: ['holdPairingCode', 'answerCodeRequired'] },
        'pairing.ended': { target: 'unpaired', actions: 'markUnpaired' },
      },
    },
    paired: {
      entry: ['markPaired', 'answerPaired', 'noticePaired'],
      // BToE turned off: the service and the PC hear it, so neither keeps relaying lock and calls.
      always: {
        guard: not('pairingEnabled'),
        target: 'unpaired',
        actions: ['markUnpaired', 'noticeUnpaired', { type: 'refusePairing', params: { reason: 'disabled' } }],
      },
      on: {
        'pairing.ended': { target: 'unpaired', actions: ['markUnpaired', 'noticeUnpaired'] },
        'pairing.requested': { actions: 'answerPaired' },
        'pairing.pcLocked': { actions: 'notePcLock' },
      },
    },
  },
});
