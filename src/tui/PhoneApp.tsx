import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { renderScreen } from '../core/screen.js';
import type { PhoneSession } from '../phone/phone-session.js';
import { ClockBar } from './ClockBar.js';
import { EventPane } from './EventPane.js';
import { HelpOverlay } from './HelpOverlay.js';
import { actionsFor, menuHint, type TerminalAction } from './keymap.js';
import { Keypad } from './Keypad.js';
import { faceLayoutOf, PhoneFace } from './PhoneFace.js';
import { runInRealTime } from './realtime.js';

type Props = {
  readonly session: PhoneSession;
  /** The emulated wall-clock time at virtual time zero, epoch ms. */
  readonly epochMs: number;
  /** Let virtual time flow at wall-clock speed (off in render tests). */
  readonly realTime?: boolean;
};

/** One interactive phone: face, clock, keypad and event pane, driven from the keyboard. */
export function PhoneApp({ session, epochMs, realTime = true }: Props) {
  const { exit } = useApp();
  const snapshot = useSyncExternalStore(
    (listener) => session.actor.subscribe(listener).unsubscribe,
    () => session.actor.getSnapshot(),
  );
  // Re-render when an entry arrives: the newest entry changes identity each time.
  useSyncExternalStore(
    (listener) => session.log.subscribe(listener),
    () => session.log.entries().at(-1),
  );
  const [now, setNow] = useState(session.clock.now());
  const [help, setHelp] = useState(false);
  const [events, setEvents] = useState(true);
  const [lastJump, setLastJump] = useState<string>();
  const [clock] = useState(() => (realTime ? runInRealTime(session.clock, session.jump) : { jump: session.jump, stop: () => {} }));

  useEffect(() => {
    const timer = setInterval(() => setNow(session.clock.now()), 250);
    return () => {
      clearInterval(timer);
      clock.stop();
    };
  }, [session, clock]);

  const perform = (action: TerminalAction) => {
    switch (action.kind) {
      case 'quit':
        return exit();
      case 'help':
        return setHelp((shown) => !shown);
      case 'events':
        return setEvents((shown) => !shown);
      case 'key':
        return session.actor.send({ type: 'key.press', key: action.key });
      case 'softkey': {
        const softkey = renderScreen(session.actor.getSnapshot()).softkeys[action.index];
        if (softkey) session.actor.send({ type: 'softkey.press', id: softkey.id });
        return;
      }
      case 'jump':
        setLastJump(`jumped ${action.label}`);
        void clock.jump(action.ms).then(() => setNow(session.clock.now()));
        return;
    }
  };
  useInput((input, key) => actionsFor(input, key).forEach(perform));

  const { profile } = session;
  const screen = renderScreen(snapshot);
  return (
    <Box flexDirection="column">
      <ClockBar now={epochMs + now} lastJump={lastJump} />
      <Box>
        <Box flexDirection="column">
          <PhoneFace screen={screen} layout={faceLayoutOf(profile)} />
          <Box>
            <Keypad />
            <Text dimColor>{menuHint(profile.menuKeys, profile.idleSoftkeys.length)} · arrows · Enter Select · Esc Back · v events · ? keys</Text>
          </Box>
        </Box>
        {help ? <HelpOverlay /> : events ? <EventPane entries={session.log.entries()} rows={profile.display.rows + 6} width={60} /> : null}
      </Box>
    </Box>
  );
}
