import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorChart, vendorChartRegions } from '../../src/core/model-chart.js';
import { openMermaidPage, type MermaidPage } from '../fixtures/mermaid-page.js';
import { profile } from '../helpers/data.js';

/**
 * Every vendor's charts through the real `mermaid` package in headless Chromium, with both
 * layouts a reader may have: dagre (Mermaid's default) and ELK (@mermaid-js/layout-elk, the
 * one that refused the old chart's parent-to-child edge). Any parse or layout error fails.
 */
const models = ['polycom-vvx-601', 'yealink-t48g', 'audiocodes-450hd', 'lpe-cx600'];
const layouts = ['dagre', 'elk'] as const;

let page: MermaidPage;
beforeAll(async () => {
  page = await openMermaidPage();
}, 120_000);
afterAll(async () => page?.close());

/** The charts to draw, each text once: most regions read the same on every vendor but for the title. */
function charts(): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const id of models) {
    for (const region of vendorChartRegions(profile(id))) {
      const text = vendorChart(profile(id), '0.0.0.0', { region });
      const body = text.replace(/^---\n.*\n---\n/, '');
      if (seen.has(body)) continue;
      seen.add(body);
      out.push([`${id} ${region}`, text]);
    }
  }
  return out;
}

describe('the charts in Mermaid, in Chromium', () => {
  it.each(layouts)("renders every vendor's regions with the %s layout", async (layout) => {
    const failures: string[] = [];
    for (const [name, text] of charts()) {
      const svg = await page.render(text, { layout }).catch((error: Error) => {
        failures.push(`${name}: ${error.message}`);
        return '';
      });
      if (svg) expect(svg, name).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it.each(layouts)('renders the whole VVX chart (--all) with the %s layout, states and labels drawn', async (layout) => {
    const svg = await page.render(vendorChart(profile('polycom-vvx-601'), '5.9.5.0614'), { layout });
    expect(svg).toContain('phone_running_ui_idle');
    expect(svg).toContain('after bootDuration (8 s)');
  }, 180_000);

  it('fails on what Mermaid refuses, so a passing run means something', async () => {
    await expect(page.render('stateDiagram-v2\n  a --> : broken', { layout: 'dagre' })).rejects.toThrow(/mermaid \(dagre\)/);
  });
});
