import { describe, expect, it } from 'vitest';
import { and, not, or, setup, stateIn } from 'xstate';
import { chartToMermaid } from '../../src/core/mermaid-chart.js';
import { vendorChart, vendorChartRegions } from '../../src/core/model-chart.js';
import { projectData, profile } from '../helpers/data.js';

/** Every `a --> b : label` of a diagram, one per trigger (several triggers share an arrow). */
function edges(chart: string): { source: string; target: string; labels: string[] }[] {
  return [...chart.matchAll(/^ {2}(\w+) --> (\w+) : (.*)$/gm)].map(([, source, target, labels]) => ({
    source: source!,
    target: target!,
    labels: labels!.split('<br/>'),
  }));
}

describe("each model's state chart as Mermaid", () => {
  it("is a stateDiagram-v2 naming the model, nesting regions, with the vendor's delays (--all)", () => {
    const chart = vendorChart(profile('yealink-t48g'), '35.9.0.70');
    expect(chart).toMatch(/^---\ntitle: Yealink SIP-T48G \(yealink-t48g, firmware 35\.9\.0\.70\)\n---\nstateDiagram-v2\n/);
    expect(chart).toContain('  [*] --> phone_booting');
    expect(chart).toMatch(/state "running" as phone_running \{\n {4}state "connection" as phone_running_connection \{/);
    expect(chart).toMatch(/\n {4}--\n {4}state "ui" as phone_running_ui \{/);
    expect(chart).toMatch(/phone_booting --> phone_running : after bootDuration \(12 s\)/);
    expect(chart).toMatch(/phone_running_ui_idle --> phone_running_ui_menu : .*softkey\.press \[opensFromIdle and not modalScreen\]/);
    expect(chart).toMatch(/phone_running_update_offered_waiting --> phone_running_update_downloading : after updateInactivity \(1 h\)/);
  });

  it('draws one region as its own diagram, with where it hands over to the lifecycle', () => {
    const update = vendorChart(profile('polycom-vvx-601'), '5.9.5.0614', { region: 'update' });
    expect(update).toMatch(/^---\ntitle: Polycom VVX 601 \(polycom-vvx-601, firmware 5\.9\.5\.0614\), update region\n---\nstateDiagram-v2\n {2}\[\*\] --> phone_running_update_idle\n/);
    expect(update).not.toMatch(/signIn|phone_running_lock|phone_running_call/);
    expect(update).toContain('  state "installing" as phone_installing');
    expect(update).toMatch(/phone_running_update_downloading_verifying --> phone_installing : always \[downloadVerified\]/);
    expect(update).toMatch(/phone_rebooting --> phone_booting : after rebootDuration \(10 s\)/);
    expect(vendorChartRegions(profile('polycom-vvx-601'))).toEqual(['connection', 'ui', 'update', 'signIn', 'lock', 'call', 'pairing', 'notice']);
  });

  it('writes guards with their arguments and nesting: no bare "not stateIn and not stateIn"', () => {
    const signIn = vendorChart(profile('polycom-vvx-601'), '5.9.5.0614', { region: 'signIn' });
    expect(signIn).not.toMatch(/stateIn/);
    expect(signIn).toContain('key.press [uiIdle and not in(update.downloading) and not in(update.offered) and keyIs(1-9) and methodPicked(userId)]');
    // On 5.4 the offer is no pop-up: the digits pick a method even while it shows.
    expect(vendorChart(profile('polycom-vvx-601'), '5.4.0.10165', { region: 'signIn' })).toContain(
      'key.press [uiIdle and not in(update.downloading) and keyIs(1-9) and methodPicked(userId)]',
    );
    const lock = vendorChart(profile('polycom-vvx-601'), '5.9.5.0614', { region: 'lock' });
    expect(lock).toMatch(/always \[not signedIn or not lockEnforced\]/);
  });

  it("leaves out what the model never does: no SwUpdate or pop-up on a Yealink, no USB on a VVX, no BToE on LPE", () => {
    const yealink = vendorChart(profile('yealink-t48g'), '35.9.0.70');
    expect(yealink).not.toMatch(/swUpdate|offersPopUp|updatePopUp|upgradeDropsDeviceLock|\[opensMenu\]/);
    const vvx = vendorChart(profile('polycom-vvx-601'), '5.9.5.0614');
    expect(vvx).toContain('softkey.press [softkeyIs(update)]');
    expect(vvx).toMatch(/phone_installing --> phone_rebooting : after installDuration \(30 s\) \[imageFitsPhone and upgradeDropsDeviceLock\]/);
    expect(vvx).not.toMatch(/usb/i);
    expect(vendorChart(profile('polycom-vvx-601'), '5.4.0.10165')).not.toMatch(/softkeyIs\(update\)|softkeyIs\(postpone\)/);
    const lpe = vendorChart(profile('lpe-cx600'), '4.0.7577.4463', { region: 'pairing' });
    expect(lpe).not.toContain('awaitingCode');
    expect(vendorChart(profile('lpe-cx600'), '4.0.7577.4463', { region: 'signIn' })).toContain('methodPicked(usb)');
  });

  it('draws no transition the phone cannot take: none shadowed by an earlier one, none that only runs actions', () => {
    const lock = vendorChart(profile('audiocodes-450hd'), 'UC_3.0.0.459.1', { region: 'lock' });
    // AudioCodes signs out after too many wrong PINs: the last wrong PIN never opens the administrator code.
    expect(lock).not.toMatch(/phone_running_lock_locked_entering --> phone_running_lock_locked_adminCode/);
    expect(vendorChart(profile('yealink-t48g'), '35.9.0.70', { region: 'lock' })).toMatch(
      /phone_running_lock_locked_entering --> phone_running_lock_locked_adminCode : form\.submit \[lastRetry\]/,
    );
    for (const { source, target, labels } of edges(lock)) {
      expect(new Set(labels).size, `${source} --> ${target}`).toBe(labels.length);
    }
  });

  it('draws every model and region without an edge to an undeclared state or from a state into its own children', () => {
    for (const model of projectData().profiles.values()) {
      for (const region of [undefined, ...vendorChartRegions(model)]) {
        const chart = vendorChart(model, '0.0.0.0', region === undefined ? {} : { region });
        const declared = new Set([...chart.matchAll(/ as (\w+)/g)].map((match) => match[1]));
        const arrows = edges(chart);
        expect(arrows.flatMap(({ source, target }) => [source, target]).filter((id) => !declared.has(id))).toEqual([]);
        // phone_running_ui --> phone_running_ui_idle is what made ELK refuse the chart.
        expect(arrows.filter(({ source, target }) => source !== target && (target.startsWith(`${source}_`) || source.startsWith(`${target}_`)))).toEqual([]);
      }
    }
  });
});

describe('guard labels', () => {
  it('keep the arguments and the grouping of nested and/or/not', () => {
    const machine = setup({
      types: { events: {} as { type: 'go' } },
      guards: { ready: () => true, busy: () => false, keyIs: (_: unknown, _params: { keys: string[] }) => true },
    }).createMachine({
      id: 'phone',
      initial: 'a',
      states: {
        a: { on: { go: { guard: and([not(and([stateIn('#phone.b'), 'busy'])), or(['ready', { type: 'keyIs', params: { keys: ['0', '1', '2', '3', '*'] } }])]), target: 'b' } } },
        b: {},
      },
    });
    expect(chartToMermaid(machine)).toContain('phone_a --> phone_b : go [not (in(b) and busy) and (ready or keyIs(0-3,*))]');
    expect(chartToMermaid(machine, { constantGuards: new Map([['busy', false]]) })).toContain('phone_a --> phone_b : go [ready or keyIs(0-3,*)]');
    expect(chartToMermaid(machine, { constantGuards: new Map([['ready', false], ['keyIs(0-3,*)', false]]) })).not.toContain('phone_b');
  });
});
