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
