import { el, setText, shown } from './dom.js';
import { t } from './i18n.js';

// The live device list: one row per phone, kept by MAC, updated cell by cell as batches arrive.
const columns = ['model', 'mac', 'firmware', 'user', 'update', 'lock', 'call', 'pc', 'warnings'];

/** Rows drawn beyond the visible ones, above and below: scrolling shows rows already there. */
const overscan = 15;

/**
 * The list draws only the rows in view (and a few around): a thousand phones cost the same
 * page as thirty. Rows are kept by MAC in the order phones first appeared.
 */
export class DeviceTable {
  constructor(table, onPick) {
    this.table = table;
    this.body = table.tBodies[0];
    this.scroller = table.parentElement;
    this.order = [];
    this.rows = new Map();
    this.devices = new Map();
    this.focused = undefined;
    this.frame = 0;
    this.rowHeight = 0;
    table.tHead.append(el('tr', {}, columns.map((name) => el('th', { scope: 'col', text: t(name) }))));
    // One row built once and cloned: a row costs a clone, not ten elements built.
    this.template = el('tr', { tabindex: 0 }, columns.map((name) => el('td', { class: name === 'mac' || name === 'firmware' ? 'mono' : undefined, 'data-col': name })));
    this.empty = el('tr', { class: 'empty' }, el('td', { colspan: columns.length, class: 'muted', text: t('noPhones') }));
    this.above = el('tr', { class: 'spacer', 'aria-hidden': 'true' }, el('td', { colspan: columns.length }));
    this.below = el('tr', { class: 'spacer', 'aria-hidden': 'true' }, el('td', { colspan: columns.length }));
    this.body.append(this.empty);
    this.scroller.addEventListener('scroll', () => this.#schedule(), { passive: true });
    this.body.addEventListener('click', (event) => {
      const row = event.target.closest('tr[data-mac]');
      if (row) onPick(row.dataset.mac);
    });
    this.body.addEventListener('keydown', (event) => {
      const row = event.target.closest('tr[data-mac]');
      if (row && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); onPick(row.dataset.mac); }
    });
  }

  /** Applies a batch of devices (all of them first, then those that changed); draws what is in view. */
  update(devices) {
    for (const device of devices) {
      if (!this.devices.has(device.mac)) this.order.push(device.mac);
      this.devices.set(device.mac, device);
    }
    this.draw();
  }

  focus(mac) {
    this.focused = mac;
    for (const [key, row] of this.rows) row.classList.toggle('focused', key === mac);
  }

  #schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The rows in view, filled from the latest devices; spacers stand for the rest. */
  draw() {
    const count = this.order.length;
    if (count === 0) return;
    this.empty.remove();
    const height = this.rowHeight || 27;
    const view = this.scroller.clientHeight || 560;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / height) - overscan);
    const last = Math.min(count, first + Math.ceil(view / height) + 2 * overscan);
    const wanted = [];
    for (let index = first; index < last; index += 1) {
      const mac = this.order[index];
      let row = this.rows.get(mac);
      if (!row) {
        row = this.template.cloneNode(true);
        row.dataset.mac = mac;
        this.rows.set(mac, row);
      }
      fill(row, this.devices.get(mac));
      row.classList.toggle('focused', mac === this.focused);
      wanted.push(row);
    }
    // Rows scrolled far away are let go: the page holds about as many rows as it shows.
    if (this.rows.size > 4 * wanted.length) {
      const keep = new Set(wanted);
      for (const [mac, row] of this.rows) if (!keep.has(row)) this.rows.delete(mac);
    }
    this.above.firstChild.style.height = `${first * height}px`;
    this.below.firstChild.style.height = `${(count - last) * height}px`;
    const current = [...this.body.children];
    const next = [this.above, ...wanted, this.below];
    if (current.length !== next.length || current.some((node, index) => node !== next[index])) this.body.replaceChildren(...next);
    if (!this.rowHeight && wanted[0]?.offsetHeight) {
      this.rowHeight = wanted[0].offsetHeight;
    }
  }
}

function fill(row, device) {
  const cells = row.cells;
  row.classList.toggle('offline', !device.connected);
  setText(cells[0], device.model);
  setText(cells[1], device.mac);
  setText(cells[2], device.firmware);
  setText(cells[3], device.user ?? '');
  updateCell(cells[4], device);
  setText(cells[5], device.connected && device.lock ? t(`lock.${device.lock}`) : '');
  setText(cells[6], device.connected && device.call ? t(`call.${device.call}`) : '');
  setText(cells[7], device.connected && device.paired ? t('paired') : '');
  const warnings = device.warnings ?? [];
  setText(cells[8], warnings.join(' · '));
  cells[8].classList.toggle('warn', warnings.length > 0);
}

/** The update state, with a bar while it downloads. */
function updateCell(cell, device) {
  const state = device.state ?? (device.connected ? device.update : 'offline');
  const progress = state === 'downloading' && typeof device.progress === 'number' ? device.progress : null;
  const key = `${state}|${progress}|${device.testDevice}`;
  if (cell.dataset.key === key) return;
  cell.dataset.key = key;
  cell.replaceChildren(shown(t(state)));
  if (progress !== null) {
    const percent = Math.round(progress * 100);
    const fill = el('span');
    // Through the CSSOM: the page's CSP refuses inline style attributes.
    fill.style.width = `${percent}%`;
    cell.append(' ', el('span', { class: 'bar', role: 'progressbar', 'aria-valuenow': percent, 'aria-valuemin': 0, 'aria-valuemax': 100 }, fill), ` ${percent} %`);
  }
}

/** The counts `fleet` prints in its summary: phones, connected, by update state, with warnings, by firmware. */
export function summarize(devices) {
  const counts = { total: 0, connected: 0, withWarnings: 0, states: new Map(), firmware: new Map(), testDevices: 0, locked: 0, inCall: 0, paired: 0 };
  for (const device of devices) {
    counts.total += 1;
    if (device.connected) counts.connected += 1;
    if (device.warnings?.length) counts.withWarnings += 1;
    if (device.testDevice) counts.testDevices += 1;
    if (device.connected && device.lock === 'locked') counts.locked += 1;
    if (device.connected && device.call && device.call !== 'idle') counts.inCall += 1;
    if (device.connected && device.paired) counts.paired += 1;
    const state = device.connected ? device.update : 'offline';
    counts.states.set(state, (counts.states.get(state) ?? 0) + 1);
    if (device.connected) counts.firmware.set(device.firmware, (counts.firmware.get(device.firmware) ?? 0) + 1);
  }
  return counts;
}

export function renderSummary(node, counts) {
  const pill = (label, value, id) => el('span', { class: 'pill', 'data-count': id }, el('b', { text: String(value) }), ` ${label}`);
  const pills = [pill(t('total'), counts.total, 'total'), pill(t('connected'), counts.connected, 'connected')];
  for (const [state, value] of counts.states) pills.push(pill(t(state), value, state));
  if (counts.withWarnings) pills.push(pill(t('withWarnings'), counts.withWarnings, 'warnings'));
  if (counts.locked) pills.push(pill(t('lock.locked'), counts.locked, 'locked'));
  if (counts.inCall) pills.push(pill(t('call.connected'), counts.inCall, 'inCall'));
  if (counts.paired) pills.push(pill(t('paired'), counts.paired, 'paired'));
  if (counts.testDevices) pills.push(pill(t('testDevices'), counts.testDevices, 'testDevices'));
  node.replaceChildren(...pills);
}
