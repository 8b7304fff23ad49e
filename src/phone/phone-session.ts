import type { StateValue } from 'xstate';
import type { DeviceProfile, DeviceSettings } from '../core/device-profile.js';
import type { Locale } from '../core/messages/index.js';
import type { PhoneIdentity } from '../core/phone-types.js';
import { identity } from '../core/selectors.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { redactSecrets } from '../protocol/redact.js';
import { createPhone, type PhoneActor } from './create-phone.js';
import { EventLog } from './event-log.js';
import { linkPhone, newPcPortKey, type PhoneLink } from './phone-link.js';
import { publishPcPort } from './pc-port.js';
import { persistPhone, restoreFrom, type PhoneState } from './phone-state.js';

/** One phone, its clock and its link to a server, with a log of what happens: what the TUI drives. */
export interface PhoneSession {
  readonly profile: DeviceProfile;
  readonly clock: VirtualClock;
  readonly actor: PhoneActor;
  readonly link: PhoneLink;
  /** The server it talks to: the TUI's PC talks to the same one. */
  readonly serverUrl: string;
  readonly log: EventLog;
  /** Jumps virtual time ahead, firing every timer on the way and waiting for the server between them. */
  jump(ms: number): Promise<void>;
  close(): void;
}

export interface SessionOptions {
  readonly profile: DeviceProfile;
  readonly firmware: string;
  readonly serverUrl: string;
  readonly locale?: Locale;
  readonly settings?: DeviceSettings;
  /** Its MAC and serial (default: the first of the vendor's range); a saved phone keeps its own. */
  readonly identity?: PhoneIdentity | undefined;
  /** `--state FILE`: the phone is kept in `file`, and comes back from `saved` when the file had one. */
  readonly state?: { readonly file: string; readonly saved?: PhoneState | undefined } | undefined;
}

export function startPhoneSession(options: SessionOptions): PhoneSession {
  const clock = new VirtualClock();
  const log = new EventLog();
  const saved = options.state?.saved;
  // Virtual time does not pass while the process is dead: the clock starts where the file left it.
  if (saved) clock.set(saved.clockMs);
  // What the command line says wins over the file; the rest comes from the file.
  const actor = createPhone({
    ...options,
    clock,
    ...(saved && {
      identity: { mac: saved.device.mac, serial: saved.device.serial },
      firmware: saved.firmware,
      locale: options.locale ?? saved.locale,
      settings: { ...saved.settings, ...options.settings },
      restored: restoreFrom(saved),
    }),
  });
  const note = (kind: Parameters<EventLog['add']>[0]['kind'], text: string) => log.add({ at: clock.now(), kind, text });
  // The same PC port across restarts: the PC still cabled to the phone pairs again.
  const pcPort = saved?.pcPort ?? newPcPortKey();
  const persistence = options.state && persistPhone(options.state.file, actor, clock, (message) => note('problem', message), pcPort);
  const link = linkPhone(actor, { url: options.serverUrl, clock, pcPort });

  link.events.on('frame', (direction, frame) => note(direction === 'in' ? 'frame-in' : 'frame-out', describeFrame(frame)));
  link.events.on('problem', (message) => note('problem', message));
  // `phone-emu pc --phone MAC` in another terminal finds the phone's PC port key here (pc-port.ts).
  let cable: ReturnType<typeof publishPcPort> | undefined;
  try {
    cable = publishPcPort(identity(actor.getSnapshot()).mac, link.pcPort);
  } catch (error) {
    note('problem', `the PC port key could not be written, phone-emu pc cannot reach this phone: ${(error as Error).message}`);
  }
  let lastRegions = new Map<string, string>();
  actor.subscribe((snapshot) => {
    const regions = stateRegions(snapshot.value);
    for (const [region, state] of regions) if (lastRegions.get(region) !== state) note('state', `${region}: ${state}`);
    lastRegions = regions;
  });
  actor.start();

  return {
    profile: options.profile,
    serverUrl: options.serverUrl,
    clock,
    actor,
    link,
    log,
    jump: (ms) => clock.advance(ms, () => link.whenSettled()),
    close: () => {
      persistence?.close();
      cable?.close();
      link.close();
      actor.stop();
    },
  };
}

/** A frame as one short line: its type, then the rest of it. */
export function describeFrame(text: string): string {
  try {
    const { v: _version, type, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return `${String(type)} ${JSON.stringify(redactSecrets(rest))}`;
  } catch {
    return text;
  }
}

/** Each parallel region's active state as a dotted path: "update" -> "offered.waiting". */
export function stateRegions(value: StateValue): Map<string, string> {
  const regions = new Map<string, string>();
  if (typeof value === 'string') return regions.set('phone', value);
  for (const [top, inner] of Object.entries(value)) {
    if (typeof inner === 'string' || inner === undefined) regions.set('phone', `${top}.${inner ?? ''}`);
    else {
      regions.set('phone', top);
      for (const [region, state] of Object.entries(inner)) regions.set(region, dotted(state));
    }
  }
  return regions;
}

function dotted(value: StateValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, inner]) => (inner === undefined || (typeof inner === 'object' && Object.keys(inner).length === 0) ? key : `${key}.${dotted(inner)}`))
    .join(',');
}
