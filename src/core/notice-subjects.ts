import type { Message, MessageKey } from './messages/index.js';

/**
 * What a notice describes. A notice lasts a few seconds, but once what it describes changes
 * (the policy it quotes, a call it refused, the pairing it speaks of) it goes at once: no
 * screen text outlives the state or policy it describes.
 */
export type NoticeSubject = 'policy' | 'call' | 'pairing';

const subjects: Partial<Record<MessageKey, readonly NoticeSubject[]>> = {
  // DisableHandsetOnLockedMachine may turn False: the next call is no longer refused.
  'call.refused.lockedEmergencyOnly': ['policy', 'call'],
  'call.refused.noCallingPlan': ['call'],
  'call.refused.notSignedIn': ['call'],
  'call.refused.unknownNumber': ['call'],
  'notice.updateDisabled': ['policy'],
  'pairing.refused.disabled': ['policy', 'pairing'],
  'lock.followsPc': ['pairing'],
};

/** True when `notice` describes `subject`, so a change of it ends the notice. */
export function noticeDescribes(notice: Message | null, subject: NoticeSubject): boolean {
  return notice !== null && (subjects[notice.key]?.includes(subject) ?? false);
}
