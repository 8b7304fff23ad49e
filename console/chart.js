import { el } from './dom.js';
import { t } from './i18n.js';

// Phones per firmware version over time, as inline SVG (no library): one sample a second
// while something changes, the last 10 minutes kept.
const svgNs = 'http://www.w3.org/2000/svg';
const palette = ['#0b5cad', '#1a7f37', '#b42318', '#8250df', '#bf8700', '#0a7d8c', '#5b6673', '#cf4c9a'];
const maxSamples = 600;
const width = 400;
const height = 160;

const svg = (tag, attrs = {}) => {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
};

export class FirmwareChart {
  constructor(root) {
    this.root = root;
    this.samples = [];
    this.versions = [];
    this.root.replaceChildren(el('p', { class: 'muted', text: t('chartEmpty') }));
  }

  /** Records the connected phones per firmware now; one sample a second at most. */
  sample(firmwareCounts, now = Date.now()) {
    const counts = Object.fromEntries(firmwareCounts);
    for (const version of Object.keys(counts)) if (!this.versions.includes(version)) this.versions.push(version);
    const last = this.samples.at(-1);
    if (last && now - last.at < 1000) last.counts = counts;
    else this.samples.push({ at: now, counts });
    if (this.samples.length > maxSamples) this.samples.shift();
    this.draw();
  }

  draw() {
    if (this.samples.length === 0 || this.versions.length === 0) return;
    const top = Math.max(1, ...this.samples.map((sample) => Object.values(sample.counts).reduce((sum, value) => Math.max(sum, value), 0)));
    const first = this.samples[0].at;
    const span = Math.max(1000, this.samples.at(-1).at - first);
    const x = (at) => 30 + ((at - first) / span) * (width - 40);
    const y = (count) => height - 20 - (count / top) * (height - 30);
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('chart') });
    chart.append(svg('line', { x1: 30, y1: y(0), x2: width - 10, y2: y(0), stroke: '#d8dee6' }));
    const label = (text, attrs) => { const node = svg('text', { 'font-size': 10, fill: '#5b6673', ...attrs }); node.textContent = text; return node; };
    chart.append(label(String(top), { x: 2, y: y(top) + 4 }), label('0', { x: 2, y: y(0) + 4 }));
    this.versions.forEach((version, index) => {
      const points = this.samples.map((sample) => `${x(sample.at).toFixed(1)},${y(sample.counts[version] ?? 0).toFixed(1)}`).join(' ');
      chart.append(svg('polyline', { points, fill: 'none', stroke: palette[index % palette.length], 'stroke-width': 2, 'data-version': version }));
    });
    const now = this.samples.at(-1).counts;
    const legend = el('div', { class: 'legend' }, this.versions.map((version, index) => {
      const swatch = el('i');
      swatch.style.background = palette[index % palette.length];
      return el('span', { 'data-version': version }, swatch, `${version}: ${now[version] ?? 0}`);
    }));
    this.root.replaceChildren(chart, legend);
  }
}
