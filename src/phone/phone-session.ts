import type { StateValue } from 'xstate';
import type { DeviceProfile, DeviceSettings } from '../core/device-profile.js';
import type { Locale } from '../core/messages/index.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { redactSecrets } from '../protocol/redact.js';
import { createPhone, type PhoneActor } from './create-phone.js';
import { EventLog } from './event-log.js';
import { linkPhone, type PhoneLink } from './phone-link.js';

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
}

export function startPhoneSession(options: SessionOptions): PhoneSession {
  const clock = new VirtualClock();
  const log = new EventLog();
  const actor = createPhone({ ...options, clock });
  const link = linkPhone(actor, { url: options.serverUrl, clock });
  const note = (kind: Parameters<EventLog['add']>[0]['kind'], text: string) => log.add({ at: clock.now(), kind, text });

  link.events.on('frame', (direction, frame) => note(direction === 'in' ? 'frame-in' : 'frame-out', describeFrame(frame)));
  link.events.on('problem', (message) => note('problem', message));
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
