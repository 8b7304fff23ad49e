import type { StateValue } from 'xstate';
import { redactSecrets } from '../protocol/redact.js';

/** A bounded list of recent protocol and state events, for the TUI's side pane. */
export interface LogEntry {
  /** Virtual time of the entry, ms since the phone started. */
  readonly at: number;
  readonly kind: 'frame-in' | 'frame-out' | 'state' | 'problem' | 'server';
  readonly text: string;
}

export class EventLog {
  readonly #entries: LogEntry[] = [];
  readonly #listeners = new Set<() => void>();

  constructor(private readonly capacity = 200) {}

  add(entry: LogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
    for (const listener of this.#listeners) listener();
  }

  entries(): readonly LogEntry[] {
    return this.#entries;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
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
