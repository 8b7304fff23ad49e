import { api } from './api.js';
import { el, shown } from './dom.js';
import { t } from './i18n.js';

// A phone's face, drawn from the screen model the phone sends (core/screen.ts, the TUI's own
// screen function): title, body rows and softkeys in the model's columns and rows, line keys
// beside it, and the keypad. Presses go to POST /admin/devices/{mac}/keys.

/** The TUI's keyboard map (src/tui/keymap.ts), for a browser's key names. */
const letterKeys = { h: 'Home', m: 'Menu', l: 'Lock', k: 'Hook' };
const softkeyKeys = ['q', 'w', 'e', 'r', 't'];
const namedKeys = { ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', Enter: 'Select', Escape: 'Back', Backspace: 'Back', Delete: 'Back' };

/** What a keydown means for the phone, as the TUI reads the same key; null when nothing. */
export function pressFor(event, typing) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (namedKeys[event.key]) return { key: namedKeys[event.key] };
  if (typing && event.key.length === 1) return { text: event.key };
  if (/^[0-9*#]$/.test(event.key)) return { key: event.key };
  if (letterKeys[event.key]) return { key: letterKeys[event.key] };
  const slot = softkeyKeys.indexOf(event.key);
  if (slot >= 0) return { softkey: slot };
  return null;
}

export class PhoneFace {
  constructor(root, onProblem) {
    this.root = root;
    this.onProblem = onProblem;
    this.mac = undefined;
    this.typing = true;
    this.queue = Promise.resolve();
    // Kept across redraws: what a trainer typed in it stays.
    this.ringRow = this.#ring();
    this.root.replaceChildren(el('p', { class: 'muted', text: t('pickPhone') }));
  }

  show(device) {
    if (this.mac !== device.mac) {
      this.mac = device.mac;
      this.screen = undefined;
      this.typing = true;
    }
    this.device = device;
    this.draw();
  }

  setScreen(mac, screen) {
    if (mac !== this.mac) return;
    this.screen = screen;
    this.draw();
  }

  press(press) {
    const mac = this.mac;
    // One request at a time, in order: a trainer's typing reaches the phone as typed.
    this.queue = this.queue.then(() => api('POST', `devices/${encodeURIComponent(mac)}/keys`, { keys: [press] })).catch((error) => this.onProblem(error.message));
  }

  draw() {
    const { device, screen } = this;
    const focusedInside = this.root.contains(document.activeElement) ? document.activeElement.dataset.focusId : undefined;
    const header = el('div', { class: 'row' }, el('b', { text: `${device.model}` }), el('span', { class: 'mono muted', text: device.mac }));
    if (!device.connected) return this.root.replaceChildren(header, el('p', { class: 'muted', text: t('notConnected') }));
    if (!screen) return this.root.replaceChildren(header, el('p', { class: 'muted', text: t('waitingScreen') }));
    const face = el('div', { class: 'phone' }, lineKeys(screen, 'left'), this.#display(screen), lineKeys(screen, 'right'));
    this.root.replaceChildren(header, face, this.#pad(screen), this.ringRow, el('p', { class: 'muted', text: t('keysHint') }));
    if (focusedInside) this.root.querySelector(`[data-focus-id="${focusedInside}"]`)?.focus();
  }

  #display(screen) {
    const width = `${screen.columns}ch`;
    const body = screen.lines.slice(0, Math.max(1, screen.rows - 2));
    const rows = [el('div', { class: 'title', text: fit(screen.title, screen.columns) })];
    body.forEach((line, index) => rows.push(el('div', { class: index === screen.highlighted ? 'hl' : undefined, text: fit(line, screen.columns) })));
    for (let filler = body.length; filler < screen.rows - 2; filler += 1) rows.push(el('div', { text: ' ' }));
    const display = el('div', { class: 'screen', tabindex: 0, role: 'application', 'aria-label': shown(screen.title), 'data-focus-id': 'screen', onkeydown: (event) => this.#key(event) }, rows);
    display.style.width = `calc(${width} + 12px)`;
    const softkeys = el('div', { class: 'softkeys' }, screen.softkeys.map((softkey, slot) => el('button', { type: 'button', 'data-softkey': softkey.id, 'data-focus-id': `softkey-${slot}`, onclick: () => this.press({ softkey: slot }), text: softkey.label })));
    softkeys.style.gridTemplateColumns = `repeat(${Math.max(1, screen.softkeys.length)}, 1fr)`;
    return el('div', {}, display, softkeys);
  }

  #key(event) {
    if (event.key === 'Tab' && this.screen?.textEntry) {
      event.preventDefault();
      this.typing = !this.typing;
      return;
    }
    const press = pressFor(event, Boolean(this.screen?.textEntry) && this.typing);
    if (!press) return;
    event.preventDefault();
    this.press(press);
  }

  #pad(screen) {
    const key = (name, label = name) => el('button', { type: 'button', class: 'secondary', 'data-key': name, 'data-focus-id': `key-${name}`, onclick: () => this.press({ key: name }), text: label });
    const keypad = el('div', { class: 'keypad' }, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((name) => key(name)));
    const nav = el('div', { class: 'nav' }, key('Back'), key('Up'), key('Select', 'OK'), key('Left'), key('Down'), key('Right'),
      ...screen.menuKeys.map((name) => key(name)), key('Lock'), key('Hook'));
    return el('div', { class: 'pad' }, keypad, nav);
  }

  #ring() {
    const from = el('input', { id: 'ring-from', value: '+14255550123', 'aria-label': t('from'), size: 16 });
    const ring = () => api('POST', `devices/${encodeURIComponent(this.mac)}/call`, { from: from.value }).catch((error) => this.onProblem(error.message));
    return el('div', { class: 'row' }, el('label', { for: 'ring-from', text: t('from') }), from, el('button', { type: 'button', onclick: ring, text: t('ring') }));
  }
}

/** A row cut or padded to the model's columns, as the phone's display shows it. */
const fit = (text, columns) => {
  const clean = shown(text);
  return clean.length > columns ? clean.slice(0, columns) : clean.padEnd(columns, ' ');
};

function lineKeys(screen, side) {
  const count = screen.lineKeySides === 'both' ? Math.ceil(screen.lineKeys / 2) : screen.lineKeySides === side ? screen.lineKeys : 0;
  const shownCount = side === 'right' && screen.lineKeySides === 'both' ? Math.floor(screen.lineKeys / 2) : count;
  return el('div', { class: 'linekeys', 'aria-hidden': 'true' }, Array.from({ length: shownCount }, () => el('span')));
}
