import { renderScreen } from '../core/screen.js';
import { deviceProfile, locale } from '../core/selectors.js';
import type { ConsoleKey, ScreenModel } from '../protocol/console-frames.js';
import type { FrameBody, PhoneFrame } from '../protocol/frames.js';
import type { PhoneActor } from './create-phone.js';

/**
 * The web console's view of this phone: while the server says a console watches it
 * (`screen.watch`), each change of its screen goes out as a `screen` frame, drawn by the same
 * function as the TUI's face (core/screen.ts). Keys from the page (`keys`) are applied as the
 * TUI applies keystrokes: a softkey by its slot on the screen shown, a key, text for a field.
 */
export class ScreenWatch {
  #watching = false;
  /** The last screen sent, as JSON: a snapshot that changes nothing visible sends nothing. */
  #lastSent = '';

  constructor(
    private readonly actor: PhoneActor,
    private readonly send: (body: FrameBody<PhoneFrame>) => boolean,
  ) {}

  watch(on: boolean): void {
    this.#watching = on;
    this.#lastSent = '';
    if (on) this.changed();
  }

  /** A new connection: nobody watches until the server says so again. */
  reset(): void {
    this.#watching = false;
    this.#lastSent = '';
  }

  changed(): void {
    if (!this.#watching) return;
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status !== 'active') return;
    const screen = screenModel(snapshot);
    const text = JSON.stringify(screen);
    if (text === this.#lastSent) return;
    if (this.send({ type: 'screen', screen })) this.#lastSent = text;
  }

  press(keys: readonly ConsoleKey[]): void {
    for (const press of keys) {
      if ('key' in press) this.actor.send({ type: 'key.press', key: press.key });
      else if ('text' in press) this.actor.send({ type: 'text.input', text: press.text });
      else {
        const softkey = renderScreen(this.actor.getSnapshot()).softkeys[press.softkey];
        if (softkey) this.actor.send({ type: 'softkey.press', id: softkey.id });
      }
    }
  }
}

const clip = (text: string) => (text.length <= 256 ? text : text.slice(0, 256));

/** The screen with the model's shape, as the `screen` frame carries it. */
export function screenModel(snapshot: ReturnType<PhoneActor['getSnapshot']>): ScreenModel {
  const screen = renderScreen(snapshot);
  const profile = deviceProfile(snapshot);
  return {
    title: clip(screen.title),
    lines: screen.lines.slice(0, 24).map(clip),
    highlighted: screen.highlighted !== null && screen.highlighted < 24 ? screen.highlighted : null,
    softkeys: screen.softkeys.slice(0, 8).map(({ id, label }) => ({ id, label: clip(label) })),
    progress: screen.progress,
    textEntry: screen.textEntry ?? false,
    columns: profile.display.columns,
    rows: profile.display.rows,
    lineKeys: profile.lineKeys,
    lineKeySides: profile.lineKeySides,
    menuKeys: [...profile.menuKeys],
    locale: locale(snapshot),
  };
}
