import { useState } from 'react';
import { identity } from '../core/selectors.js';
import type { PhoneSession } from '../phone/phone-session.js';
import { DevicePicker, type PickerItem } from './DevicePicker.js';
import { PhoneApp } from './PhoneApp.js';
import type { SessionObserver } from '../phone/session-input.js';
import type { ClockControl } from '../core/clock-control.js';

type Props = {
  readonly items: readonly PickerItem[];
  readonly serverUrl: string;
  /** Boots the picked phone against the embedded server. */
  readonly startSession: (id: string) => PhoneSession;
  readonly epochMs: number;
  /** Rings the phone with this MAC from `from`: the embedded server injects an incoming call. */
  readonly ring?: (mac: string, from: string) => Promise<void>;
  /** A phone already running (restored from its state file): no picker. */
  readonly session?: PhoneSession | undefined;
  /** What hears the picked phone's keys (`--record`), once it is picked. */
  readonly observer?: () => SessionObserver | undefined;
  /** The server's web console, shown in the picker and beside the phone. */
  readonly consoleUrl?: string | undefined;
  /** The embedded server's clock, which its admin API jumps too (web console). */
  readonly clock?: ClockControl | undefined;
};

/** `npm start`: pick a device, then drive it. */
export function StartApp({ items, serverUrl, startSession, epochMs, ring, session: restored, observer, consoleUrl, clock }: Props) {
  const [session, setSession] = useState<PhoneSession | undefined>(restored);
  if (!session) return <DevicePicker items={items} serverUrl={serverUrl} consoleUrl={consoleUrl} onPick={(id) => setSession(startSession(id))} />;
  const mac = identity(session.actor.getSnapshot()).mac;
  return <PhoneApp session={session} epochMs={epochMs} ring={ring && ((from) => ring(mac, from))} observer={observer?.()} consoleUrl={consoleUrl} clock={clock} />;
}
