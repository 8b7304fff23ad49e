import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleKey, ScreenModel } from '../../protocol/console-frames.js';
import type { FrameBody, ServerFrame } from '../../protocol/frames.js';
import type { ClockControl } from '../../core/clock-control.js';
import { clockView } from '../admin-clock.js';
import { Conflict, NotFound } from '../domain-errors.js';
import { normalizeMac, type DeviceRecord, type ServerStore } from '../store.js';

/** At most this many batches a second per console: 1,000 phones booting make 4 messages, not 1,000. */
export const consoleBatchesPerSecond = 4;
const batchSpacingMs = 1000 / consoleBatchesPerSecond;
/** A console that does not read its stream is dropped before its backlog piles up here. */
const maxBacklogBytes = 4 * 1024 * 1024;

type Send = (body: FrameBody<ServerFrame>) => void;

/** One open `GET /admin/events` stream. */
interface Listener {
  readonly response: ServerResponse;
  /** The phone whose screen this console shows, as the store keys it. */
  readonly watch: string | undefined;
  readonly pending: Set<string>;
  screen: boolean;
  timer: NodeJS.Timeout | undefined;
  lastSentAt: number;
}

/** A device as the console and GET /admin/devices show it. */
export function deviceView(store: ServerStore, device: DeviceRecord) {
  return { ...device, state: device.connected ? device.update : 'offline', testDevice: store.isTestDevice(device) };
}

/**
 * The web console's live side (docs/admin-api.md, "Events"): server-sent events of the device
 * list, batched to at most four a second, and the screen of the phone each console watches.
 * A phone sends screens only while some console watches it (`screen.watch`).
 */
export class ConsoleHub {
  readonly #listeners = new Set<Listener>();
  /** How many consoles watch each phone, by MAC as the store keys it. */
  readonly #watchers = new Map<string, number>();
  readonly #screens = new Map<string, ScreenModel>();

  constructor(
    private readonly store: ServerStore,
    /** The live connection of a phone, by MAC. */
    private readonly connectionOf: (mac: string) => { readonly send: Send } | undefined,
    /** The embedded server's virtual clock: each jump, from the TUI or the admin API, is a `clock` event. */
    private readonly clock?: ClockControl,
  ) {
    store.events.on('device', (record) => {
      for (const listener of this.#listeners) this.#queue(listener, record.mac);
      if (!record.connected) this.#screens.delete(record.mac);
    });
    clock?.subscribe(() => {
      for (const listener of this.#listeners) this.#write(listener, 'clock', clockView(clock));
    });
  }

  /** The record's MAC for a MAC the way a user writes it (any separators, any case). */
  knownMac(mac: string): string {
    const wanted = normalizeMac(mac);
    const device = this.store.devices().find((candidate) => wanted !== undefined && normalizeMac(candidate.mac) === wanted);
    if (!device) throw new NotFound(`no phone with MAC ${mac} has connected; GET /admin/devices lists them`);
    return device.mac;
  }

  /** Opens an event stream: every device at once, then changes; `?watch=MAC` adds that phone's screen. */
  stream(request: IncomingMessage, response: ServerResponse): void {
    const asked = new URL(request.url ?? '/', 'http://localhost').searchParams.get('watch');
    const watch = asked ? this.knownMac(asked) : undefined;
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    const listener: Listener = { response, watch, pending: new Set(), screen: watch !== undefined, timer: undefined, lastSentAt: -Infinity };
    this.#listeners.add(listener);
    this.#write(listener, 'devices', this.store.devices().map((device) => deviceView(this.store, device)));
    if (this.clock) this.#write(listener, 'clock', clockView(this.clock));
    listener.lastSentAt = performance.now();
    if (watch) this.#watch(watch, 1);
    if (watch && this.#screens.has(watch)) this.#flush(listener);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    heartbeat.unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(listener.timer);
      this.#listeners.delete(listener);
      if (watch) this.#watch(watch, -1);
    });
  }

  /** A phone's screen, sent because a console watches it. */
  screen(mac: string, screen: ScreenModel): void {
    if (!this.#watchers.has(mac)) return;
    this.#screens.set(mac, screen);
    for (const listener of this.#listeners) {
      if (listener.watch !== mac) continue;
      listener.screen = true;
      this.#schedule(listener);
    }
  }

  /** A phone (re)connected: if a console watches it, it hears so again on this connection. */
  welcomed(mac: string, send: Send): void {
    if (this.#watchers.has(mac)) send({ type: 'screen.watch', watch: true });
  }

  /** Keys pressed on a console, for the phone with this MAC. */
  press(mac: string, keys: readonly ConsoleKey[]): string {
    const known = this.knownMac(mac);
    const connection = this.connectionOf(known);
    if (!connection || !this.store.device(known)?.connected) throw new Conflict(`the phone ${known} is not connected`);
    connection.send({ type: 'keys', keys: [...keys] });
    return `sent ${keys.length} key(s) to ${known}`;
  }

  #watch(mac: string, delta: 1 | -1): void {
    const count = (this.#watchers.get(mac) ?? 0) + delta;
    if (count > 0) this.#watchers.set(mac, count);
    else this.#watchers.delete(mac);
    const changed = delta === 1 ? count === 1 : count === 0;
    if (!changed) return;
    if (count === 0) this.#screens.delete(mac);
    this.connectionOf(mac)?.send({ type: 'screen.watch', watch: count > 0 });
  }

  #queue(listener: Listener, mac: string): void {
    listener.pending.add(mac);
    this.#schedule(listener);
  }

  /** Sends at once when the last batch is old enough, else once it is: at most four batches a second. */
  #schedule(listener: Listener): void {
    if (listener.timer) return;
    const wait = Math.max(0, listener.lastSentAt + batchSpacingMs - performance.now());
    listener.timer = setTimeout(() => this.#flush(listener), wait);
    listener.timer.unref();
  }

  #flush(listener: Listener): void {
    listener.timer = undefined;
    listener.lastSentAt = performance.now();
    if (listener.response.writableLength > maxBacklogBytes) {
      listener.response.destroy();
      return;
    }
    if (listener.pending.size > 0) {
      const devices = [...listener.pending].flatMap((mac) => {
        const device = this.store.device(mac);
        return device ? [deviceView(this.store, device)] : [];
      });
      listener.pending.clear();
      this.#write(listener, 'devices', devices);
    }
    const screen = listener.watch && listener.screen ? this.#screens.get(listener.watch) : undefined;
    if (screen) this.#write(listener, 'screen', { mac: listener.watch, screen });
    listener.screen = false;
  }

  #write(listener: Listener, event: string, data: unknown): void {
    // JSON has no raw newlines: one data line per event.
    listener.response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}
