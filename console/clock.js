import { api } from './api.js';
import { el, setText } from './dom.js';
import { t } from './i18n.js';

// The embedded server's virtual clock (phone-emu start) and the TUI's jumps as buttons. The
// server tells the time at each jump (a `clock` event); between jumps it flows at `speed`, which
// the page follows on its own. A server on real time (phone-emu server) shows none of this.

/** The time as the TUI's clock bar writes it: 2026-11-22 09:00:00 UTC. */
export const formatClock = (epochMs) => `${new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19)} UTC`;

export class ClockPanel {
  #node;
  #onError;
  #time;
  #buttons = [];
  #view;
  #at = 0;

  constructor(node, onError) {
    this.#node = node;
    this.#onError = onError;
    setInterval(() => this.#draw(), 1000);
  }

  /** What GET /admin/clock or a `clock` event says. */
  show(view) {
    this.#node.hidden = !view.virtual;
    if (!view.virtual) return;
    // Virtual time only moves ahead: an answer overtaken by a jump's event is old news.
    if (this.#view && view.nowMs < this.#view.nowMs) return;
    this.#view = view;
    this.#at = performance.now();
    if (!this.#time) this.#build(view.jumps ?? []);
    for (const button of this.#buttons) button.disabled = !view.running;
    this.#node.title = view.running ? '' : t('clockWaiting');
    this.#draw();
  }

  #build(jumps) {
    this.#time = el('span', { class: 'clock-time mono', role: 'timer', 'aria-live': 'off' });
    this.#buttons = jumps.map((jump) => el('button', {
      type: 'button',
      class: 'secondary',
      'data-jump-ms': jump.ms,
      'aria-label': t('jumpBy').replace('{label}', jump.label),
      text: jump.label,
      onclick: () => this.#jump(jump.ms),
    }));
    this.#node.replaceChildren(el('span', { class: 'clock-label', text: t('clock') }), this.#time, ...this.#buttons);
  }

  async #jump(ms) {
    for (const button of this.#buttons) button.disabled = true;
    try {
      this.show(await api('POST', 'clock/advance', { ms }));
    } catch (error) {
      this.#onError(error.message);
      for (const button of this.#buttons) button.disabled = !this.#view?.running;
    }
  }

  #draw() {
    if (!this.#view || !this.#time) return;
    const now = Math.floor(this.#view.nowMs + (performance.now() - this.#at) * (this.#view.speed ?? 0));
    setText(this.#time, formatClock(now));
    this.#node.dataset.nowMs = String(now);
  }
}
