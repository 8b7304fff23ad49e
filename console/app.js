import { ApiError, api, events, setToken, takeTokenFromAddress } from './api.js';
import { FirmwareChart } from './chart.js';
import { ClockPanel } from './clock.js';
import { DeviceTable, renderSummary, summarize } from './devices.js';
import { el } from './dom.js';
import { locale, t } from './i18n.js';
import { firmwarePanel, policiesPanel, toolsPanel } from './panels.js';
import { PhoneFace } from './phone-face.js';

// The web console: the server's phones live (GET /admin/events), the focused phone's face, and
// the admin API's settings. Everything it shows comes from the admin API of this server.

takeTokenFromAddress();
document.documentElement.lang = locale;
document.title = t('title');
const byId = (id) => document.getElementById(id);
for (const [id, key] of [['title', 'title'], ['devices-title', 'devices'], ['face-title', 'face'], ['chart-title', 'chart'], ['policies-title', 'policies'], ['firmware-title', 'firmwareTitle'], ['tools-title', 'tools']]) {
  byId(id).textContent = t(key);
}

const linkNode = byId('link');
const status = (text, bad = false) => {
  linkNode.textContent = text;
  linkNode.classList.toggle('bad', bad);
};

const table = new DeviceTable(byId('devices'), (mac) => focusPhone(mac));
const face = new PhoneFace(byId('face').querySelector('.face-body'), (message) => status(message, true));
const chart = new FirmwareChart(byId('chart').querySelector('.chart-body'));
const clock = new ClockPanel(byId('clock'), (message) => status(message, true));
let watched;
let stream;
let summaryFrame = 0;
let batches = 0;

/** The summary and chart follow the table, once a frame: a batch of 1,000 phones costs one pass. */
function refreshSummary() {
  if (summaryFrame) return;
  summaryFrame = requestAnimationFrame(() => {
    summaryFrame = 0;
    const counts = summarize(table.devices.values());
    renderSummary(byId('summary'), counts);
    chart.sample(counts.firmware);
  });
}

function onEvent(name, data) {
  if (name === 'devices') {
    batches += 1;
    const began = performance.now();
    table.update(data);
    // For tests and the curious: how many batches arrived, and what the last one cost to draw.
    document.documentElement.dataset.batches = String(batches);
    document.documentElement.dataset.lastBatchMs = (performance.now() - began).toFixed(1);
    document.documentElement.dataset.lastBatchAt = began.toFixed(1);
    // ...and when the browser had drawn it (the frame after).
    requestAnimationFrame(() => setTimeout(() => { document.documentElement.dataset.lastDrawnMs = (performance.now() - began).toFixed(1); }));
    const focused = watched && data.find((device) => device.mac === watched);
    if (focused) face.show(focused);
    refreshSummary();
  } else if (name === 'screen') {
    face.setScreen(data.mac, data.screen);
  } else if (name === 'clock') {
    clock.show(data);
  }
}

/** (Re)opens the event stream, watching the focused phone's screen. */
function connect() {
  stream?.abort();
  const controller = new AbortController();
  stream = controller;
  events(watched, (name, data) => {
    status(t('live'));
    onEvent(name, data);
  }, controller.signal).then(
    () => retry(controller),
    (error) => {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.status === 401) return askToken(error.message);
      status(error instanceof ApiError ? error.message : t('reconnecting'), true);
      if (!(error instanceof ApiError) || error.status >= 500) retry(controller);
    },
  );
}

function retry(controller) {
  if (stream !== controller) return;
  status(t('reconnecting'), true);
  setTimeout(() => { if (stream === controller) connect(); }, 1000);
}

function focusPhone(mac) {
  watched = mac;
  table.focus(mac);
  const device = table.devices.get(mac);
  if (device) face.show(device);
  connect();
}

function askToken(message) {
  const form = byId('token-form');
  const input = el('input', { id: 'token', type: 'password', autocomplete: 'off' });
  form.replaceChildren(el('form', { class: 'row', onsubmit: (event) => {
    event.preventDefault();
    setToken(input.value);
    form.hidden = true;
    start();
  } }, el('p', { text: t('token') }), el('label', { for: 'token', text: t('tokenLabel') }), input, el('button', { type: 'submit', text: t('signIn') })), el('p', { class: 'field-error', text: message }));
  form.hidden = false;
  status(message, true);
  input.focus();
}

function panel(id, load) {
  const body = byId(id).querySelector('.panel-body');
  load(body).catch((error) => body.replaceChildren(el('p', { class: 'field-error', role: 'alert', text: error.message })));
}

function start() {
  connect();
  // A server on real time says so here (it sends no clock events): the jump buttons stay hidden.
  api('GET', 'clock').then((view) => clock.show(view), () => {});
  panel('policies', policiesPanel);
  panel('firmware', firmwarePanel);
  panel('tools', toolsPanel);
}

start();
