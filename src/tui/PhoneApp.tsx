import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type Dispatch, type SetStateAction } from 'react';
import { renderScreen, softkeyLabel } from '../core/screen.js';
import { formFieldCount, identity, locale } from '../core/selectors.js';
import type { PhoneSession } from '../phone/phone-session.js';
import { ClockBar } from './ClockBar.js';
import { EventPane } from './EventPane.js';
import { HelpOverlay } from './HelpOverlay.js';
import { splitKeys } from './key-chunks.js';
import { actionsFor, menuHint, textActionsFor, type KeyFlags, type TerminalAction } from './keymap.js';
import { PcPanel, type PcPrompt } from './PcPanel.js';
import { PcController } from './pc-controller.js';
import { Keypad } from './Keypad.js';
import { faceLayoutOf, faceSize, PhoneFace } from './PhoneFace.js';
import { screenLayout } from './screen-layout.js';
import { useTerminalSize } from './use-terminal-size.js';
import { runInRealTime } from './realtime.js';
import { observed, ringFrom } from './observe-actions.js';
import type { SessionObserver } from '../phone/session-input.js';
import { ClockControl } from '../core/clock-control.js';

type Props = {
  readonly session: PhoneSession;
  /** The emulated wall-clock time at virtual time zero, epoch ms. */
  readonly epochMs: number;
  /** Let virtual time flow at wall-clock speed (off in render tests). */
  readonly realTime?: boolean;
  /** Rings this phone from `from` through its server; a refusal shows in the event pane. */
  readonly ring?: ((from: string) => Promise<void>) | undefined;
  /** Hears what each key does to the phone: `--record`'s session recorder. */
  readonly observer?: SessionObserver | undefined;
  /** The server's web console, shown in the clock bar. */
  readonly consoleUrl?: string | undefined;
  /** The clock's one owner when a server jumps it too (the embedded server's admin API); the phone's own otherwise. */
  readonly clock?: ClockControl | undefined;
};

/** The narrowest box the key help reads well in, beside the face. */
const helpWidth = 56;

/** A question the PC panel asks, and what it does with the answer. */
type PendingPrompt = PcPrompt & { readonly submit: (value: string) => void };

/** One interactive phone: face, clock, keypad and event pane, driven from the keyboard. */
export function PhoneApp({ session, epochMs, realTime = true, ring, observer, consoleUrl, clock: sharedClock }: Props) {
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
  // Null: shown when the terminal has room beside the face; v decides otherwise.
  const [events, setEvents] = useState<boolean | null>(null);
  const terminal = useTerminalSize();
  const roomBeside = () => {
    const fit = screenLayout(terminal, faceSize(faceLayoutOf(session.profile)));
    return fit.kind === 'phone' && fit.side.place === 'beside';
  };
  const [lastJump, setLastJump] = useState<string>();
  const [control] = useState(() => sharedClock ?? ownClock(session, epochMs));
  const [runner] = useState(() => (realTime ? runInRealTime(control) : { stop: () => {} }));
  // A Lync Phone Edition phone has no BToE: its PC is tethered by USB.
  const [pc] = useState(() => new PcController(session.serverUrl, identity(session.actor.getSnapshot()).mac, session.profile.btoe ? 'ethernet' : 'usb', session.link.pcPort, observer && ((action) => observer.observe({ kind: 'pc', action }, session.actor.getSnapshot(), session.actor.getSnapshot()))));
  const pcView = useSyncExternalStore((listener) => pc.subscribe(listener), () => pc.view());
  // The keys of one chunk (a paste) are handled before React draws again: each key reads
  // where the one before it left these, not the values of the last frame.
  const [pcOpen, setPcOpen, pcOpenNow] = useImmediateState(false);
  const [prompt, setPrompt, promptNow] = useImmediateState<PendingPrompt | null>(null);
  // Tab in a text field hands letters back to the shortcuts until the next field opens.
  const [keysMode, setKeysMode, keysModeNow] = useImmediateState(false);
  useEffect(() => () => pc.close(), [pc]);

  useEffect(() => {
    const timer = setInterval(() => setNow(session.clock.now()), 250);
    return () => {
      clearInterval(timer);
      runner.stop();
    };
  }, [session, runner]);
  // A jump from the web console moves this clock bar too, and says where it came from.
  useEffect(
    () =>
      control.subscribe((change) => {
        setNow(session.clock.now());
        if (change.kind === 'jumped' && change.source !== 'terminal') setLastJump(`console jumped ${change.label}`);
      }),
    [control, session],
  );

  const perform = observed((action: TerminalAction) => {
    switch (action.kind) {
      case 'quit':
        return exit();
      case 'help':
        return setHelp((shown) => !shown);
      case 'events':
        return setEvents((shown) => !(shown ?? roomBeside()));
      case 'key':
        return session.actor.send({ type: 'key.press', key: action.key });
      case 'softkey': {
        const softkey = renderScreen(session.actor.getSnapshot()).softkeys[action.index];
        if (softkey) session.actor.send({ type: 'softkey.press', id: softkey.id });
        return;
      }
      case 'jump':
        setLastJump(`jumped ${action.label}`);
        void control.jump(action.ms, 'terminal').catch((error: unknown) =>
          session.log.add({ at: session.clock.now(), kind: 'problem', text: `jump: ${(error as Error).message}` }),
        );
        return;
      case 'text':
        return session.actor.send({ type: 'text.input', text: action.text });
      case 'typing':
        return setKeysMode((on) => !on);
      case 'pcPanel':
        return setPcOpen((open) => !open);
      case 'ring':
        return void ring?.(ringFrom).catch((error: unknown) =>
          session.log.add({ at: session.clock.now(), kind: 'problem', text: `ring: ${(error as Error).message}` }),
        );
      case 'checkpoint':
        return setLastJump(observer ? 'checkpoint recorded' : 'x: checkpoints need --record FILE');
    }
  }, session, observer);

  const ask = (label: string, secret: boolean, submit: (value: string) => void) => setPrompt({ label, value: '', secret, submit });
  /** The PC panel's own keys; false lets the key reach the phone. */
  const pcKey = (input: string, key: KeyFlags): boolean => {
    const os = ({ '1': 'windows', '2': 'mac', '3': 'vdi' } as const)[input as '1' | '2' | '3'];
    const actions: Record<string, () => void> = {
      c: () => ask('pairing code', false, (code) => void pc.enterCode(code)),
      l: () => void pc.toggleLock(),
      u: () => pc.toggleLink(),
      d: () => ask('number or UPN', false, (party) => void pc.call(party)),
      s: () => ask('user name', false, (user) => ask('password', true, (password) => void pc.signIn(user, password))),
      p: () => setPcOpen(false),
    };
    const action = os ? () => void pc.pair(os) : key.escape ? actions.p : actions[input];
    action?.();
    return action !== undefined;
  };
  const promptKey = (input: string, key: KeyFlags) => {
    const prompt = promptNow();
    if (!prompt) return;
    if (key.escape) return setPrompt(null);
    if (key.return) {
      setPrompt(null);
      return prompt.submit(prompt.value);
    }
    if (key.backspace || key.delete) return setPrompt({ ...prompt, value: prompt.value.slice(0, -1) });
    if (input && !key.ctrl) setPrompt({ ...prompt, value: prompt.value + input });
  };

  const { profile } = session;
  const screen = renderScreen(snapshot);
  const typing = screen.textEntry === true && !keysMode;
  useEffect(() => setKeysMode(false), [formFieldCount(snapshot), screen.textEntry, setKeysMode]);
  /** Which field has the focus: when it changes, letters type again. */
  const fieldNow = () => {
    const current = session.actor.getSnapshot();
    return `${formFieldCount(current) ?? '-'}:${renderScreen(current).textEntry === true}`;
  };
  const onKey = (input: string, key: KeyFlags) => {
    if (key.ctrl && input === 'c') return exit();
    if (promptNow()) return promptKey(input, key);
    if (pcOpenNow() && pcKey(input, key)) return;
    const field = fieldNow();
    const typingNow = renderScreen(session.actor.getSnapshot()).textEntry === true && !keysModeNow();
    (typingNow ? textActionsFor : actionsFor)(input, key).forEach(perform);
    if (fieldNow() !== field) setKeysMode(false);
  };
  const onInput = (input: string, key: KeyFlags) => splitKeys(input, key).forEach((single) => onKey(single.input, single.key));
  // Ink takes a new handler in a passive effect, after the frame is drawn: a key typed right after
  // a mode change (the PC panel, Tab) would reach the old one. One handler reads the latest instead.
  const latestInput = useRef(onInput);
  useLayoutEffect(() => {
    latestInput.current = onInput;
  });
  const [stableInput] = useState(() => (input: string, key: KeyFlags) => latestInput.current(input, key));
  useInput(stableInput);
  const faceLayout = faceLayoutOf(profile);
  const face = faceSize(faceLayout);
  const fit = screenLayout(terminal, face);
  if (fit.kind === 'tooSmall') {
    return (
      <Text color="yellow" wrap="truncate-end">
        {`terminal too small: needs ${fit.needs.columns}x${fit.needs.rows} (now ${terminal.columns}x${terminal.rows}) for the ${faceLayout.name}; Ctrl+C quits`}
      </Text>
    );
  }
  const { side } = fit;
  const eventsShown = events ?? side.place === 'beside';
  const sidePane = help ? (
    <HelpOverlay width={side.place === 'beside' && side.width >= helpWidth ? side.width : terminal.columns} />
  ) : pcOpen ? (
    <PcPanel view={pcView} mac={identity(snapshot).mac} prompt={prompt} width={side.width} />
  ) : eventsShown ? (
    <EventPane entries={session.log.entries()} rows={Math.max(1, side.rows - 3)} width={side.width} />
  ) : null;
  // The help's meanings need room to read: a narrow side pane shows it in place of the face.
  const instead = sidePane !== null && (side.place === 'instead' || (help && side.width < helpWidth));
  const hint = instead
    ? `${help ? '?' : pcOpen ? 'p / Esc' : 'v'} back to the phone · ? keys · Ctrl+C quit`
    : typing
      ? 'typing into the field · Enter next/submit · Tab for keys · ? keys'
      : `${menuHint(profile.menuKeys, profile.idleSoftkeys.map((key) => softkeyLabel(locale(snapshot), `open.${key.id}`)))} · arrows Enter Esc · p PC · v events · ? keys`;
  return (
    <Box flexDirection="column">
      <ClockBar now={control.epochMs + now} lastJump={lastJump} consoleUrl={consoleUrl} />
      {instead ? (
        <>
          {sidePane}
          <Text dimColor wrap="truncate-end">
            {hint}
          </Text>
        </>
      ) : (
        <Box>
          <Box flexDirection="column" width={face.width}>
            <PhoneFace screen={screen} layout={faceLayout} />
            {fit.keypad ? (
              <Box>
                <Keypad />
                <Box marginLeft={1} width={face.width - 8}>
                  <Text dimColor wrap="wrap">
                    {hint}
                  </Text>
                </Box>
              </Box>
            ) : (
              <Text dimColor wrap="truncate-end">
                {hint}
              </Text>
            )}
          </Box>
          {side.place === 'beside' && !instead ? sidePane : null}
        </Box>
      )}
    </Box>
  );
}

/** The phone's clock, owned by this app alone (no server jumps it). */
function ownClock(session: PhoneSession, epochMs: number): ClockControl {
  const control = new ClockControl(epochMs);
  control.attach(session.clock, session.jump);
  return control;
}

/** State whose newest value can be read at once, before React draws it. */
function useImmediateState<T>(initial: T): readonly [T, Dispatch<SetStateAction<T>>, () => T] {
  const [value, setValue] = useState(initial);
  const latest = useRef(initial);
  const [set] = useState(() => (next: SetStateAction<T>) => {
    latest.current = typeof next === 'function' ? (next as (previous: T) => T)(latest.current) : next;
    setValue(latest.current);
  });
  const [read] = useState(() => () => latest.current);
  return [value, set, read] as const;
}
