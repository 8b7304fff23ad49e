import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { KeyName } from '../../src/core/device-profile.js';
import { renderScreen, screenText, type PhoneSnapshot } from '../../src/core/screen.js';
import type { SessionInput } from '../../src/phone/session-input.js';
import { press, select } from '../../src/scenario/drive-phone.js';
import { escapeReferences, expandText } from '../../src/scenario/env-references.js';
import { describeScenarioProblem, parseScenario } from '../../src/scenario/load-scenario.js';
import type { ScenarioWorld } from '../../src/scenario/scenario-world.js';
import { SessionRecorder, type RecordedStep } from '../../src/scenario/session-recorder.js';
import { bootedPhone } from '../helpers/booted-phone.js';
import { projectData, profile } from '../helpers/data.js';

// The recorder rewrites its file after every input.
const work = mkdtempSync(join(tmpdir(), 'phone-emu-recorder-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const devices = ['polycom-vvx-601', 'yealink-t48g', 'audiocodes-450hd', 'lpe-hp-4120'] as const;

/** A phone with no server (the test plays it), its inputs heard by a recorder as the TUI's would be. */
function recordedPhone(device: string) {
  const phone = bootedPhone(profile(device));
  const snapshot = () => phone.actor.getSnapshot() as PhoneSnapshot;
  const recorder = new SessionRecorder({
    file: join(work, 'recording.yaml'), device, firmware: '', locale: 'en-US', settings: {}, bootMs: 0,
    startedAt: phone.clock.now(), secrets: false, command: 'test', now: () => phone.clock.now(), snapshot,
  });
  /** One input as the TUI sends it: the phone's event, then the recorder hears before and after. */
  const send = (input: SessionInput) => {
    const before = snapshot();
    if (input.kind === 'key') phone.actor.send({ type: 'key.press', key: input.key });
    if (input.kind === 'text') phone.actor.send({ type: 'text.input', text: input.text });
    if (input.kind === 'softkey') {
      // As the TUI does: a softkey the screen does not show is not pressed, nor heard.
      const softkey = renderScreen(before).softkeys.find((key) => key.label === input.label);
      if (!softkey) return;
      phone.actor.send({ type: 'softkey.press', id: softkey.id });
    }
    recorder.observe(input, before, snapshot());
  };
  return { phone, snapshot, recorder, send };
}

/** The steps the replay runs, on a phone of its own, with what the steps send heard by a second recorder. */
async function replayed(device: string, steps: readonly RecordedStep[]) {
  const replay = recordedPhone(device);
  // press and select send the events a person's keys would: turn them back into inputs, as the TUI does.
  const actor = {
    send: (event: { type: string; key?: KeyName; id?: string; text?: string }) => {
      if (event.type === 'key.press') replay.send({ kind: 'key', key: event.key! });
      else if (event.type === 'text.input') replay.send({ kind: 'text', text: event.text! });
      else if (event.type === 'softkey.press') {
        const label = renderScreen(replay.snapshot()).softkeys.find((key) => key.id === event.id)!.label;
        replay.send({ kind: 'softkey', label });
      }
    },
  };
  const world = { actor, screen: () => renderScreen(replay.snapshot()), scenario: { profile: profile(device) } } as unknown as ScenarioWorld;
  for (const step of steps) {
    if (typeof step.press === 'string') await press(step.press, world);
    else if (typeof step.select === 'string') await select(step.select, world);
    // A secret is kept as its value until the file is written.
    else if (step.type !== undefined) replay.send({ kind: 'text', text: typeof step.type === 'string' ? step.type : (step.type as { value: string }).value });
  }
  return replay;
}

const input = fc.oneof(
  fc.constantFrom<KeyName>('Home', 'Menu', 'Up', 'Down', 'Select', 'Back', '1', '2', '3', '5').map((key): SessionInput => ({ kind: 'key', key })),
  fc.constantFrom('Sign In', 'Cancel', 'Back', 'Menu', 'Status').map((label): SessionInput => ({ kind: 'softkey', label })),
  fc.constantFrom('amosm', '@contoso.com').map((text): SessionInput => ({ kind: 'text', text })),
);

describe('the session recorder', () => {
  it('records any key sequence as steps that replay to the same screen, and record again to the same steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...devices), fc.array(input, { maxLength: 25 }), async (device, inputs) => {
        const original = recordedPhone(device);
        for (const each of inputs) original.send(each);
        const steps = original.recorder.steps();
        const replay = await replayed(device, steps);
        expect(screenText(renderScreen(replay.snapshot()))).toBe(screenText(renderScreen(original.snapshot())));
        expect(replay.recorder.steps()).toEqual(steps);
      }),
      { numRuns: 60 },
    );
  });

  it('writes a row picked with the arrows as select: LABEL, without the arrows', () => {
    const { send, recorder } = recordedPhone('polycom-vvx-601');
    send({ kind: 'key', key: 'Home' });
    send({ kind: 'key', key: 'Down' });
    send({ kind: 'key', key: 'Down' });
    send({ kind: 'key', key: 'Select' });
    expect(recorder.steps()).toEqual([{ press: 'Home' }, { select: expect.any(String) }]);
  });

  it('writes the virtual time that passed before a step as advance, in whole seconds', () => {
    const { send, recorder, phone } = recordedPhone('yealink-t48g');
    phone.clock.advanceBy(90_400);
    send({ kind: 'checkpoint' });
    const text = recorder.text();
    expect(text).toContain('advance: 1m30s');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
  });
});

describe('${NAME} references in a scenario', () => {
  const scenario = (pin: string) => `name: references\ndevice: yealink-t48g\nsteps:\n  - press: Home\n  - type: "${pin}"\n`;

  it('reads each reference from the environment, and $${NAME} is the text itself', () => {
    const loaded = parseScenario(scenario('${MY_PIN}-$${MY_PIN}'), 'x.yaml', projectData(), { MY_PIN: '2468' });
    expect(loaded.ok && loaded.scenario.steps[1]!.step).toEqual({ kind: 'type', value: '2468-${MY_PIN}' });
  });

  it('names the step and the variable when the environment lacks it', () => {
    const loaded = parseScenario(scenario('${PHONE_EMU_LOCK_PIN}'), 'x.yaml', projectData(), {});
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems.map(describeScenarioProblem);
    expect(problems).toEqual(['x.yaml: steps[1].type: ${PHONE_EMU_LOCK_PIN} is not set in the environment: set PHONE_EMU_LOCK_PIN (e.g. PHONE_EMU_LOCK_PIN=... phone-emu run FILE), or record with --record-secrets (line 5)']);
  });

  it('writes any text so that it reads back as itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[$a{}_A]{0,12}$/), (text) => {
        expect(expandText(escapeReferences(text), {}, () => {})).toBe(text);
      }),
    );
  });
});
