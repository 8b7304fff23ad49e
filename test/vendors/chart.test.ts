import { describe, expect, it } from 'vitest';
import { vendorChart } from '../../src/vendors/chart.js';
import { projectData, profile } from '../helpers/data.js';

describe("each model's state chart as Mermaid", () => {
  it('is a stateDiagram-v2 naming the model, nesting regions, with the vendor\'s delays', () => {
    const chart = vendorChart(profile('yealink-t48g'), '35.9.0.70');
    expect(chart).toMatch(/^---\ntitle: Yealink SIP-T48G \(yealink-t48g, firmware 35\.9\.0\.70\)\n---\nstateDiagram-v2\n/);
    expect(chart).toContain('  [*] --> phone_booting');
    expect(chart).toMatch(/state "running" as phone_running \{\n {4}state "connection" as phone_running_connection \{/);
    expect(chart).toMatch(/\n {4}--\n {4}state "ui" as phone_running_ui \{/);
    expect(chart).toContain('phone_booting --> phone_running : after bootDuration (12 s)');
    expect(chart).toContain('phone_running_ui_idle --> phone_running_ui_menu : softkey.press [opensFromIdle and not modalScreen]');
    expect(chart).toContain('phone_running_update_offered_waiting --> phone_running_update_downloading : after updateInactivity (1 h)');
  });

  it("leaves out what the model never does: no SwUpdate or pop-up on a Yealink, no Device-Lock outside Polycom", () => {
    const yealink = vendorChart(profile('yealink-t48g'), '35.9.0.70');
    expect(yealink).not.toMatch(/swUpdate|offersPopUp|upgradeDropsDeviceLock|\[opensMenu\]/);
    const vvx = vendorChart(profile('polycom-vvx-601'), '5.9.5.0614');
    expect(vvx).toContain('softkey.press [softkeyIs(update) and offersPopUp]');
    expect(vvx).toContain('phone_installing --> phone_rebooting : after installDuration (30 s) [imageFitsPhone and upgradeDropsDeviceLock]');
    expect(vendorChart(profile('polycom-vvx-601'), '5.4.0.10165')).not.toContain('offersPopUp');
  });

  it('draws every model without an edge to an undeclared state', () => {
    for (const model of projectData().profiles.values()) {
      const chart = vendorChart(model, '0.0.0.0');
      const declared = new Set([...chart.matchAll(/ as (\w+)/g)].map((match) => match[1]));
      const used = [...chart.matchAll(/(\w+) --> (\w+) :/g)].flatMap((match) => [match[1], match[2]]);
      expect(used.filter((id) => !declared.has(id))).toEqual([]);
    }
  });
});
