import { assign, setup } from 'xstate';
import { noticeDescribes, type NoticeSubject } from '../notice-subjects.js';
import { phoneTypes, type RegionActions, type RegionDelays, type RegionGuards } from '../phone-setup.js';

const noticeMs = 5_000;

export const noticeActions = {
  showNotice: assign({ notice: ({ event, context }) => (event.type === 'notice.show' ? event.notice : context.notice) }),
  clearNotice: assign({ notice: null }),
} satisfies RegionActions;

export const noticeGuards = {
  noticeDescribes: ({ context }, params: { subject: NoticeSubject }) => noticeDescribes(context.notice, params.subject),
} satisfies RegionGuards;

export const noticeDelays = {
  noticeDuration: noticeMs,
} satisfies RegionDelays;

const noticeSetup = setup({ types: phoneTypes, actions: noticeActions, guards: noticeGuards, delays: noticeDelays });

/** A notice goes once what it describes changes (core/notice-subjects.ts). */
const outdates = (subject: NoticeSubject) => ({
  guard: { type: 'noticeDescribes' as const, params: { subject } },
  target: 'hidden' as const,
  actions: 'clearNotice' as const,
});

/** Transient text over the screen: it shows for a few seconds, or until what it says is no longer true. */
export const noticeRegion = noticeSetup.createStateConfig({
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
});
