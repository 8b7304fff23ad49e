import { renderScreen, type PhoneSnapshot } from '../core/screen.js';
import type { PhoneSession } from '../phone/phone-session.js';
import type { SessionInput, SessionObserver } from '../phone/session-input.js';
import type { TerminalAction } from './keymap.js';

/** What a terminal action does to the phone, in the phone's words (a softkey by its label); null for the TUI's own keys. */
export function sessionInputOf(action: TerminalAction, before: PhoneSnapshot): SessionInput | null {
  switch (action.kind) {
    case 'key':
      return { kind: 'key', key: action.key };
    case 'softkey': {
      const softkey = renderScreen(before).softkeys[action.index];
      return softkey ? { kind: 'softkey', label: softkey.label } : null;
    }
    case 'text':
      return { kind: 'text', text: action.text };
    case 'ring':
      return { kind: 'ring', from: ringFrom };
    case 'checkpoint':
      return { kind: 'checkpoint' };
    default:
      return null;
  }
}

/** Who the ring key's incoming call is from. */
export const ringFrom = '+14255550123';

/**
 * `perform`, telling `observer` (a session recorder) what each action did: the phone just
 * before and just after it. Without an observer, `perform` itself.
 */
export function observed(
  perform: (action: TerminalAction) => void,
  session: PhoneSession,
  observer: SessionObserver | undefined,
): (action: TerminalAction) => void {
  if (!observer) return perform;
  return (action) => {
    const before = session.actor.getSnapshot();
    const input = sessionInputOf(action, before);
    perform(action);
    if (!input) return;
    try {
      observer.observe(input, before, session.actor.getSnapshot());
    } catch (error) {
      // A recording that cannot be written must not end the session: the event pane says so.
      session.log.add({ at: session.clock.now(), kind: 'problem', text: (error as Error).message });
    }
  };
}
